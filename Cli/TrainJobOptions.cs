using System.IO;
using SegGen.Data.Synthetic;
using SegGen.Training;

namespace SegGen.Cli;

/// <summary>What <c>--normalize</c> maps images to before the model sees them.</summary>
public enum NormalizationKind
{
    /// <summary>RGB in [0, 1], as read.</summary>
    None,
    /// <summary>ImageNet mean and standard deviation (torchvision's pretrained weights).</summary>
    Imagenet,
    /// <summary>BGR 0–255 less Caffe's mean pixel (FCN's and SegNet's original weights).</summary>
    Caffe,
}

/// <summary>Per-class loss weights.</summary>
public enum ClassWeighting
{
    None,
    /// <summary>SegNet's median-frequency balancing, computed from the training masks.</summary>
    MedianFrequency,
}

/// <summary>
/// The settings of <c>seggen train</c> and <c>seggen eval</c> (which uses the data, model and loader ones);
/// the defaults are the main job, tuned to finish within minutes on two cores.
/// </summary>
internal sealed record TrainJobOptions
{
    public static readonly TrainJobOptions Default = new();

    public DataSpec Data { get; init; } = DataSpec.Synthetic;

    // The main job's budget (≈ 27,000 scene presentations, ≈ 4 minutes on two cores) goes to distinct scenes
    // rather than passes: 3 × 9,000 reached 83.8% mIoU where 9 × 2,400 reached 78.7%.
    public int Epochs { get; init; } = 3;

    public int BatchSize { get; init; } = 16;

    public int Size { get; init; } = 64;

    public int TrainSamples { get; init; } = 9000;

    public int ValidationSamples { get; init; } = 256;

    public int Width { get; init; } = 16;

    public double LearningRate { get; init; } = 0.05;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Poly;

    public int StepEpochs { get; init; } = 10;

    public double StepGamma { get; init; } = 0.1;

    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;

    public NormalizationKind Normalize { get; init; } = NormalizationKind.None;

    /// <summary>Training crop of the file data sets (their images differ in size); the synthetic set is not cropped.</summary>
    public int Crop { get; init; } = 256;

    /// <summary>Random scale, flip and colour jitter for the file data sets.</summary>
    public bool Augment { get; init; } = true;

    public BadLabelPolicy BadLabels { get; init; } = BadLabelPolicy.Fail;

    public int Workers { get; init; } = 2;

    public int Prefetch { get; init; } = 4;

    public long Seed { get; init; } = 1;

    public int Threads { get; init; } = System.Environment.ProcessorCount;

    /// <summary>The run's folder; empty means <c>runs/{data kind}</c> (the main job's is <c>runs/synthetic</c>).</summary>
    public string Output { get; init; } = "";

    public string OutputFolder => Output.Length > 0 ? Output : Path.Combine("runs", Data.Kind.ToString().ToLowerInvariant());

    public bool Resume { get; init; }

    /// <summary>The split <c>seggen eval</c> scores.</summary>
    public DataSplit Split { get; init; } = DataSplit.Val;

    /// <summary>The checkpoint <c>seggen eval</c> scores.</summary>
    public string Weights { get; init; } = "";

    public SyntheticSettings Synthetic => new(new SyntheticOptions { Height = Size, Width = Size, Seed = Seed }, TrainSamples, ValidationSamples);

    /// <summary>What is wrong with the settings, in one line, or null.</summary>
    public string? Problem() => this switch
    {
        { Epochs: < 1 } => $"--epochs must be at least 1, got {Epochs}",
        { BatchSize: < 1 } => $"--batch-size must be at least 1, got {BatchSize}",
        { Size: < 16 or > 4096 } => $"--size must be between 16 and 4096, got {Size}",
        { TrainSamples: < 1 } => $"--train-samples must be at least 1, got {TrainSamples}",
        { ValidationSamples: < 1 } => $"--val-samples must be at least 1, got {ValidationSamples}",
        { Width: < 1 } => $"--width must be at least 1, got {Width}",
        { LearningRate: <= 0 or double.NaN } => $"--lr must be positive, got {LearningRate}",
        { StepEpochs: < 1 } => $"--step-epochs must be at least 1, got {StepEpochs}",
        { StepGamma: <= 0 or > 1 or double.NaN } => $"--gamma must lie in (0, 1], got {StepGamma}",
        { Crop: < 8 } => $"--crop must be at least 8, got {Crop}",
        { Workers: < 1 } => $"--workers must be at least 1, got {Workers}",
        { Prefetch: < 1 } => $"--prefetch must be at least 1, got {Prefetch}",
        { Threads: < 1 } => $"--threads must be at least 1, got {Threads}",
        { Split: DataSplit.Test, Data.IsSynthetic: true } => "--split test: the synthetic set has only train and val splits",
        _ => null,
    };
}
