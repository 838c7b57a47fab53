using System.Collections.Generic;

namespace SegGen.Inference;

/// <summary>How <see cref="Segmenter"/> scores an image; the defaults are one plain pass over the whole (padded) image.</summary>
public sealed record InferenceOptions
{
    public static readonly InferenceOptions Default = new();

    /// <summary>Sliding-window tiles, or null to run on the whole image.</summary>
    public Tiling? Tiles { get; init; }

    /// <summary>Scales to average over (1 = the image as it is).</summary>
    public IReadOnlyList<double> Scales { get; init; } = [1.0];

    /// <summary>Average with the left-right mirrored image too.</summary>
    public bool Flip { get; init; }

    /// <summary>Average softmax probabilities rather than the model's raw outputs (logits).</summary>
    public bool AverageProbabilities { get; init; }

    /// <summary>The value padding adds around an image the contract does not accept (0: black in [0, 1], the mean colour after normalising).</summary>
    public double PadValue { get; init; }

    /// <summary>What is wrong with these options, in one line, or null.</summary>
    public string? Problem()
    {
        if (Scales.Count == 0) return "at least one scale is needed";
        foreach (var scale in Scales)
        {
            if (!(scale > 0 && scale <= 16)) return $"scales must be in (0, 16], got {scale}";
        }
        return Tiles?.Problem();
    }
}
