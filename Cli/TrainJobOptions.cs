namespace SegGen.Cli;

/// <summary>The settings of <c>seggen train</c>; the defaults are the main job, tuned to finish within minutes on two cores.</summary>
internal sealed record TrainJobOptions
{
    public static readonly TrainJobOptions Default = new();

    public int Epochs { get; init; } = 9;

    public int BatchSize { get; init; } = 16;

    public int Size { get; init; } = 64;

    public int TrainSamples { get; init; } = 2400;

    public int ValidationSamples { get; init; } = 256;

    public int Width { get; init; } = 16;

    public double LearningRate { get; init; } = 0.05;

    public SegGen.Training.OptimizerKind Optimizer { get; init; } = SegGen.Training.OptimizerKind.Sgd;

    public long Seed { get; init; } = 1;

    public int Threads { get; init; } = System.Environment.ProcessorCount;

    public string Output { get; init; } = "runs/synthetic";

    public bool Resume { get; init; }

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
        { Threads: < 1 } => $"--threads must be at least 1, got {Threads}",
        _ => null,
    };
}
