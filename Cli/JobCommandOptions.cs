using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using SegGen.Torch;
using SegGen.Training;

namespace SegGen.Cli;

/// <summary>
/// The command-line options of <c>seggen train</c> and <c>seggen eval</c>, defined once: each command adds
/// the ones it takes and reads them into <see cref="TrainJobOptions"/>; the rest keep their defaults.
/// </summary>
internal sealed class JobCommandOptions
{
    private static readonly TrainJobOptions D = TrainJobOptions.Default;

    public readonly Option<string> Data = Create("--data", $"The data set: {DataSpec.Usage}", "synthetic");
    public readonly Option<int> Epochs = Create("--epochs", "Passes over the training set", D.Epochs);
    public readonly Option<int> BatchSize = Create("--batch-size", "Images per batch", D.BatchSize);
    public readonly Option<int> Size = Create("--size", "Height and width of the synthetic images", D.Size);
    public readonly Option<int> TrainSamples = Create("--train-samples", "Synthetic training images", D.TrainSamples);
    public readonly Option<int> ValidationSamples = Create("--val-samples", "Synthetic validation images", D.ValidationSamples);
    public readonly Option<int> Width = Create("--width", "Channels of the model's first level", D.Width);
    public readonly Option<double> LearningRate = Create("--lr", "Initial learning rate", D.LearningRate);
    public readonly Option<OptimizerKind> Optimizer = Create("--optimizer", "sgd (momentum 0.9, as FCN/SegNet/DeepLab) or adamw", D.Optimizer);
    public readonly Option<ScheduleKind> Schedule = Create("--lr-schedule", "poly (power 0.9, per step) or step (× --gamma every --step-epochs epochs)", D.Schedule);
    public readonly Option<int> StepEpochs = Create("--step-epochs", "Epochs between decays of the step schedule", D.StepEpochs);
    public readonly Option<double> StepGamma = Create("--gamma", "Decay factor of the step schedule", D.StepGamma);
    public readonly Option<ClassWeighting> ClassWeights = Create("--class-weights", "none or median-frequency (SegNet's balancing, from the training masks)", D.ClassWeights);
    public readonly Option<NormalizationKind> Normalize = Create("--normalize", "none, imagenet (mean/std) or caffe (BGR 0–255 less the mean pixel)", D.Normalize);
    public readonly Option<int> Crop = Create("--crop", "Training crop of file data sets (voc, camvid, cityscapes)", D.Crop);
    public readonly Option<bool> NoAugment = new("--no-augment") { Description = "Do not scale (0.5–2), flip or colour-jitter file data sets while training" };
    public readonly Option<BadLabelPolicy> BadLabels = Create("--bad-labels", "fail or skip a sample whose mask holds a value outside the classes", D.BadLabels);
    public readonly Option<int> Workers = Create("--workers", "Threads that read and augment images", D.Workers);
    public readonly Option<int> Prefetch = Create("--prefetch", "Batches read ahead of the model, at most", D.Prefetch);
    public readonly Option<long> Seed = Create("--seed", "Seed of the data set, the weights, the batch order and the augmentation", D.Seed);
    public readonly Option<int> Threads = Create("--threads", "libtorch threads (default: the machine's cores)", Environment.ProcessorCount);
    public readonly Option<string> Output = new("--output") { Description = "Folder for the checkpoint, metrics.json and overlay images (default: runs/DATA, e.g. runs/synthetic)", DefaultValueFactory = _ => "" };
    public readonly Option<bool> Resume = new("--resume") { Description = "Continue the run whose checkpoint is in --output" };
    public readonly Option<DataSplit> Split = Create("--split", "The split to score, where the data set has it", D.Split);
    public readonly Option<string> Weights = new("--weights") { Description = "The checkpoint to evaluate (seggen train's checkpoint.safetensors, a safetensors or PyTorch state dict)", Required = true };

    /// <summary>The options of <c>seggen train</c>.</summary>
    public IEnumerable<Option> Train =>
    [
        Data, Epochs, BatchSize, Size, TrainSamples, ValidationSamples, Width, LearningRate, Optimizer, Schedule, StepEpochs, StepGamma,
        ClassWeights, Normalize, Crop, NoAugment, BadLabels, Workers, Prefetch, Seed, Threads, Output, Resume,
    ];

    /// <summary>The options of <c>seggen eval</c>.</summary>
    public IEnumerable<Option> Eval => [Data, Split, Weights, BatchSize, Size, TrainSamples, ValidationSamples, Width, Normalize, BadLabels, Workers, Prefetch, Seed, Threads];

    /// <summary>
    /// A command taking <paramref name="which"/> options whose action reads them and runs <paramref name="job"/>
    /// (settings, output, error → exit code); bad settings and bad input files are one-line user errors.
    /// </summary>
    public static Command Command(string name, string description, Func<JobCommandOptions, IEnumerable<Option>> which, Func<TrainJobOptions, TextWriter, TextWriter, int> job)
    {
        var options = new JobCommandOptions();
        var command = new Command(name, description);
        foreach (var option in which(options)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var settings = options.Read(command, parse, out var problem);
            if (settings is null)
            {
                error.WriteLine($"seggen {name}: {problem}");
                return ExitCodes.UserError;
            }
            try
            {
                return job(settings, parse.InvocationConfiguration.Output, error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or TorchException)
            {
                error.WriteLine($"seggen {name}: {e.Message}");
                return ExitCodes.UserError;
            }
        });
        return command;
    }

    /// <summary>The settings given to <paramref name="command"/>, or null and the problem in one line.</summary>
    private TrainJobOptions? Read(Command command, ParseResult parse, out string? problem)
    {
        T Get<T>(Option<T> option, T fallback) => command.Options.Contains(option) ? parse.GetValue(option)! : fallback;
        var data = DataSpec.Parse(Get(Data, "synthetic"), out problem);
        if (data is null) return null;
        var options = new TrainJobOptions
        {
            Data = data,
            Epochs = Get(Epochs, D.Epochs),
            BatchSize = Get(BatchSize, D.BatchSize),
            Size = Get(Size, D.Size),
            TrainSamples = Get(TrainSamples, D.TrainSamples),
            ValidationSamples = Get(ValidationSamples, D.ValidationSamples),
            Width = Get(Width, D.Width),
            LearningRate = Get(LearningRate, D.LearningRate),
            Optimizer = Get(Optimizer, D.Optimizer),
            Schedule = Get(Schedule, D.Schedule),
            StepEpochs = Get(StepEpochs, D.StepEpochs),
            StepGamma = Get(StepGamma, D.StepGamma),
            ClassWeights = Get(ClassWeights, D.ClassWeights),
            Normalize = Get(Normalize, D.Normalize),
            Crop = Get(Crop, D.Crop),
            Augment = !Get(NoAugment, false),
            BadLabels = Get(BadLabels, D.BadLabels),
            Workers = Get(Workers, D.Workers),
            Prefetch = Get(Prefetch, D.Prefetch),
            Seed = Get(Seed, D.Seed),
            Threads = Get(Threads, D.Threads),
            Output = Get(Output, D.Output),
            Resume = Get(Resume, false),
            Split = Get(Split, D.Split),
            Weights = Get(Weights, ""),
        };
        problem = options.Problem();
        return problem is null ? options : null;
    }

    private static Option<T> Create<T>(string name, string description, T defaultValue)
    {
        var option = new Option<T>(name) { Description = $"{description} (default: {Word(defaultValue)})", DefaultValueFactory = _ => defaultValue };
        if (typeof(T).IsEnum)
        {
            var values = Enum.GetValues(typeof(T)).Cast<T>().ToList();
            option.HelpName = string.Join("|", values.Select(v => Word(v)));
            option.CustomParser = result => ParseEnum(values, result.Tokens.Single().Value, name, result);
        }
        return option;
    }

    /// <summary>Enum values on the command line are kebab-case (<c>median-frequency</c> is <c>MedianFrequency</c>); hyphens are optional.</summary>
    private static T ParseEnum<T>(IReadOnlyList<T> values, string text, string name, System.CommandLine.Parsing.ArgumentResult result)
    {
        var matches = values.Where(v => Word(v).Replace("-", "") == text.Replace("-", "").ToLowerInvariant()).ToList();
        if (matches.Count == 1) return matches[0];
        result.AddError($"{name} must be one of {string.Join(", ", values.Select(v => Word(v)))}, got '{text}'");
        return values[0];
    }

    /// <summary>A value as the command line spells it: a hyphen before each inner word (AdamW stays adamw).</summary>
    private static string Word<T>(T value)
    {
        if (value is not Enum) return $"{value}";
        var name = value.ToString()!;
        return string.Concat(name.Select((c, i) =>
            (i > 0 && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]) ? "-" : "") + char.ToLowerInvariant(c)));
    }
}
