using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SegGen.Architectures;
using SegGen.Data.Synthetic;
using SegGen.Training;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>
/// The main job: builds UNetSmall, trains it on the synthetic set with a checkpoint after every epoch
/// (so an interrupted run loses at most the current epoch), evaluates after every epoch into
/// metrics.json, prints the final metrics and writes overlays of the first validation images.
/// </summary>
internal sealed class TrainJob(TrainJobOptions options, TextWriter output)
{
    private const string CheckpointFile = "checkpoint.safetensors";

    public int Run()
    {
        set_num_threads(options.Threads);
        Directory.CreateDirectory(options.Output);
        var data = new SyntheticOptions { Height = options.Size, Width = options.Size, Seed = options.Seed };
        var train = new SyntheticDataSet(data, SyntheticSplit.Train, options.TrainSamples);
        var validation = new SyntheticDataSet(data, SyntheticSplit.Validation, options.ValidationSamples);
        var trainBatches = new ShuffledBatches(train.Count, options.BatchSize, train.Batch, shuffle: true, options.Seed);
        var validationBatches = new ShuffledBatches(validation.Count, options.BatchSize, validation.Batch, shuffle: false, options.Seed);

        manual_seed(options.Seed);
        using var model = new UNetSmall(classes: train.ClassCount, width: options.Width);
        var training = new TrainingOptions { Epochs = options.Epochs, LearningRate = options.LearningRate, Optimizer = options.Optimizer };
        using var trainer = new Trainer(model, training, trainBatches.BatchesPerEpoch);
        var checkpoint = Path.Combine(options.Output, CheckpointFile);
        var start = options.Resume ? TrainingCheckpoint.Restore(checkpoint, model, trainer.Optimizer, trainer.Scheduler) : 0;

        var report = new RunReport(options.Output, train.ClassNames, output);
        report.Start(model, train, validation, options, start);
        var clock = Stopwatch.StartNew();
        Evaluation? evaluation = null;
        using (var progress = TrainingProgress.For(output, trainBatches.BatchesPerEpoch))
        {
            trainer.StepCompleted += progress.Step;
            for (var epoch = start; epoch < options.Epochs; epoch++)
            {
                progress.StartEpoch(epoch, options.Epochs);
                var loss = trainer.TrainEpoch(epoch, trainBatches);
                TrainingCheckpoint.Save(checkpoint, model, trainer.Optimizer, trainer.Scheduler, epoch + 1);
                evaluation = Evaluator.Evaluate(model, validationBatches, validation.ClassCount);
                progress.EndEpoch(epoch, loss, evaluation);
                report.Epoch(epoch, loss, evaluation, clock.Elapsed);
            }
        }
        evaluation ??= Evaluator.Evaluate(model, validationBatches, validation.ClassCount);
        report.Final(evaluation, clock.Elapsed);
        Overlays.Write(model, validation, options.Output, count: 4);
        output.WriteLine($"checkpoint, metrics.json and overlays in {Path.GetFullPath(options.Output)}");
        return ExitCodes.Success;
    }
}
