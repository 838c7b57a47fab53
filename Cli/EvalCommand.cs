using System.CommandLine;
using System.Diagnostics;
using System.IO;
using SegGen.Architectures;
using SegGen.Training;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen eval --weights CHECKPOINT</c>: scores a trained UNetSmall on a split of the data (<c>--split</c>,
/// default val; default data: the synthetic set of the main job) and prints the metrics table.
/// </summary>
internal static class EvalCommand
{
    public static Command Create() => JobCommandOptions.Command("eval",
        "Evaluate a trained model on a split of the data (default: val) and print G, C, mIoU, per-class IoU and boundary F1",
        options => options.Eval, Run);

    private static int Run(TrainJobOptions options, TextWriter output, TextWriter error)
    {
        Engine.Start(options.Threads);
        var data = options.Data.Open(options.Split, options.Synthetic);
        var batches = JobData.Loader(data, options, training: false);
        batches.SampleSkipped += problem => error.WriteLine($"seggen eval: skipped {problem}");
        using var model = new UNetSmall(classes: data.ClassNames.Count, width: options.Width);
        TrainingCheckpoint.LoadModel(options.Weights, model);

        var clock = Stopwatch.StartNew();
        var report = new RunReport("", data.ClassNames, output);
        report.Describe(model, options.Data.Describe(options.Synthetic), options, $"{data.Count} {DataSpec.Name(options.Split)} images");
        output.WriteLine($"weights    {options.Weights}");
        report.Final(Evaluator.Evaluate(model, batches, data.ClassNames.Count), clock.Elapsed);
        return ExitCodes.Success;
    }
}
