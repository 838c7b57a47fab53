using System;
using System.CommandLine;
using System.IO;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen train</c>: with no arguments, the main job — train SegGen's default model (UNetSmall) on the
/// built-in synthetic data set, evaluate it, print the metrics and write overlay images.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var epochs = Option("--epochs", "Passes over the training set", TrainJobOptions.Default.Epochs);
        var batchSize = Option("--batch-size", "Images per batch", TrainJobOptions.Default.BatchSize);
        var size = Option("--size", "Height and width of the synthetic images", TrainJobOptions.Default.Size);
        var trainSamples = Option("--train-samples", "Synthetic training images", TrainJobOptions.Default.TrainSamples);
        var valSamples = Option("--val-samples", "Synthetic validation images", TrainJobOptions.Default.ValidationSamples);
        var width = Option("--width", "Channels of the model's first level", TrainJobOptions.Default.Width);
        var learningRate = Option("--lr", "Initial learning rate (poly schedule, power 0.9)", TrainJobOptions.Default.LearningRate);
        var optimizer = Option("--optimizer", "sgd (momentum 0.9, as FCN/SegNet/DeepLab) or adamw", TrainJobOptions.Default.Optimizer);
        var seed = Option("--seed", "Seed of the data set, the weights and the batch order", TrainJobOptions.Default.Seed);
        var threads = Option("--threads", "libtorch threads (default: the machine's cores)", Environment.ProcessorCount);
        var output = Option("--output", "Folder for the checkpoint, metrics.json and overlay images", TrainJobOptions.Default.Output);
        var resume = new Option<bool>("--resume") { Description = "Continue the run whose checkpoint is in --output" };

        var command = new Command("train", "Train a model; with no arguments, SegGen's default model on the built-in synthetic data set, then evaluate it")
        {
            epochs, batchSize, size, trainSamples, valSamples, width, learningRate, optimizer, seed, threads, output, resume,
        };
        command.SetAction(parse =>
        {
            var options = new TrainJobOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                Size = parse.GetValue(size),
                TrainSamples = parse.GetValue(trainSamples),
                ValidationSamples = parse.GetValue(valSamples),
                Width = parse.GetValue(width),
                LearningRate = parse.GetValue(learningRate),
                Optimizer = parse.GetValue(optimizer),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Output = parse.GetValue(output)!,
                Resume = parse.GetValue(resume),
            };
            var problem = options.Problem();
            if (problem is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"seggen train: {problem}");
                return ExitCodes.UserError;
            }
            try
            {
                return new TrainJob(options, parse.InvocationConfiguration.Output).Run();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"seggen train: {e.Message}");
                return ExitCodes.UserError;
            }
        });
        return command;
    }

    private static Option<T> Option<T>(string name, string description, T defaultValue) =>
        new(name) { Description = $"{description} (default: {defaultValue})", DefaultValueFactory = _ => defaultValue };
}
