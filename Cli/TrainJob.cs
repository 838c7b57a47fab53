using System.Diagnostics;
using System.IO;
using SegGen.Architectures;
using SegGen.Training;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>
/// The main job: builds UNetSmall, trains it on the chosen data with a checkpoint after every epoch (so an
/// interrupted run loses at most the current epoch), evaluates after every epoch into metrics.json,
/// prints the final metrics and writes overlays of the first validation images.
/// </summary>
internal sealed class TrainJob(TrainJobOptions options, TextWriter output, TextWriter error)
{
    private const string CheckpointFile = "checkpoint.safetensors";

    public int Run()
    {
        Engine.Start(options.Threads);
        Directory.CreateDirectory(options.OutputFolder);
        var train = options.Data.Open(DataSplit.Train, options.Synthetic);
        var validation = options.Data.Open(DataSplit.Val, options.Synthetic);
        var trainBatches = JobData.Loader(train, options, training: true);
        var validationBatches = JobData.Loader(validation, options, training: false);
        trainBatches.SampleSkipped += Skipped;
        validationBatches.SampleSkipped += Skipped;
        var classes = train.ClassNames.Count;

        manual_seed(options.Seed);
        using var model = new UNetSmall(classes: classes, width: options.Width);
        var training = new TrainingOptions
        {
            Epochs = options.Epochs,
            LearningRate = options.LearningRate,
            Optimizer = options.Optimizer,
            Schedule = options.Schedule,
            StepEpochs = options.StepEpochs,
            StepGamma = options.StepGamma,
            ClassWeights = options.ClassWeights == ClassWeighting.MedianFrequency ? ClassBalancing.MedianFrequencyWeights(train, options.BadLabels == BadLabelPolicy.Skip) : null,
        };
        using var trainer = new Trainer(model, training, trainBatches.BatchesPerEpoch);
        var checkpoint = Path.Combine(options.OutputFolder, CheckpointFile);
        var start = options.Resume ? TrainingCheckpoint.Restore(checkpoint, model, trainer.Optimizer, trainer.Scheduler) : 0;

        var report = new RunReport(options.OutputFolder, train.ClassNames, output);
        report.Start(model, options.Data.Describe(options.Synthetic), train, validation, options, training, start);
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
                evaluation = Evaluator.Evaluate(model, validationBatches, classes);
                progress.EndEpoch(epoch, loss, evaluation);
                report.Epoch(epoch, loss, evaluation, clock.Elapsed);
            }
        }
        evaluation ??= Evaluator.Evaluate(model, validationBatches, classes);
        report.Final(evaluation, clock.Elapsed);
        Overlays.Write(model, validation, options, options.OutputFolder, count: 4);
        output.WriteLine($"checkpoint, metrics.json and overlays in {Path.GetFullPath(options.OutputFolder)}");
        return ExitCodes.Success;
    }

    private void Skipped(string problem) => error.WriteLine($"seggen train: skipped {problem}");
}
