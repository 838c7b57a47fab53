using System.Collections.Generic;

namespace SegGen.Cli;

/// <summary>How an image is scaled before the model sees it: to [0, 1] (what <c>seggen train</c> feeds), or then normalised with ImageNet's mean and std.</summary>
internal enum InputNormalization { Unit, ImageNet }

/// <summary>The settings of <c>seggen predict</c>.</summary>
internal sealed record PredictOptions
{
    public required string Model { get; init; }

    public required string Input { get; init; }

    public required string Weights { get; init; }

    public string Output { get; init; } = "predictions";

    public IReadOnlyList<string> Hyperparameters { get; init; } = [];

    public int Tile { get; init; }

    public int Overlap { get; init; } = 32;

    public string Scales { get; init; } = "1";

    public bool Flip { get; init; }

    public bool AverageProbabilities { get; init; }

    public int Samples { get; init; }

    public InputNormalization Normalize { get; init; } = InputNormalization.Unit;

    public int Threads { get; init; } = System.Environment.ProcessorCount;
}
