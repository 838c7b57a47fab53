using System;
using System.Collections.Generic;
using System.Linq;

namespace SegGen.Data.Synthetic;

/// <summary>
/// What the synthetic set draws. Sizes are fractions of the image's shorter side, so a scene looks the
/// same at every resolution. Class 0 is the background; shape <c>Shapes[i]</c> is class i + 1.
/// </summary>
public sealed record SyntheticOptions
{
    public int Height { get; init; } = 64;

    public int Width { get; init; } = 64;

    /// <summary>Sample i of a split is a function of this seed, the split and i only.</summary>
    public long Seed { get; init; }

    /// <summary>The shape classes, in class order after the background; each shape's kind is drawn uniformly from them.</summary>
    public IReadOnlyList<ShapeKind> Shapes { get; init; } = [ShapeKind.Disc, ShapeKind.Square, ShapeKind.Triangle, ShapeKind.Ring];

    public int MinShapes { get; init; } = 2;

    public int MaxShapes { get; init; } = 5;

    /// <summary>The smallest shape size (a disc's radius) as a fraction of the shorter side.</summary>
    public float MinSize { get; init; } = 0.14f;

    public float MaxSize { get; init; } = 0.28f;

    /// <summary>The largest value added to or subtracted from a channel by the pixel noise.</summary>
    public float Noise { get; init; } = 0.06f;

    public int ClassCount => Shapes.Count + 1;

    /// <summary>"background", then the shapes' names in lower case.</summary>
    public IReadOnlyList<string> ClassNames => ["background", .. Shapes.Select(s => s.ToString().ToLowerInvariant())];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        Require(Height >= 8 && Width >= 8, $"Height and Width must be at least 8 pixels, got {Height}×{Width}");
        Require(Shapes.Count > 0, "Shapes must name at least one shape");
        Require(Shapes.Distinct().Count() == Shapes.Count, "Shapes must not repeat a shape (each is one class)");
        Require(Shapes.All(Enum.IsDefined), "Shapes holds an undefined ShapeKind");
        Require(MinShapes >= 0 && MaxShapes >= MinShapes, $"need 0 ≤ MinShapes ≤ MaxShapes, got {MinShapes} and {MaxShapes}");
        Require(MinSize > 0 && MaxSize >= MinSize && MaxSize <= 0.5f, $"need 0 < MinSize ≤ MaxSize ≤ 0.5, got {MinSize} and {MaxSize}");
        Require(Noise >= 0 && Noise <= 0.5f, $"Noise must lie in [0, 0.5], got {Noise}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException($"synthetic data options: {message}");
    }
}
