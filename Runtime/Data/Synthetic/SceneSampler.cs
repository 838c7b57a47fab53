using System;
using System.Collections.Generic;

namespace SegGen.Data.Synthetic;

/// <summary>Draws a scene's layout: background, shapes and their fills, before any pixel is painted.</summary>
internal static class SceneSampler
{
    // Shape centres stay this fraction of the image away from its edges, so most of each shape is in view.
    private const float Margin = 0.1f;

    // Pattern contrast (per channel) and scale (as a fraction of the shorter side). Shapes and background draw
    // their colours from the same distribution, so only outline and layout tell the classes apart.
    private const float Contrast = 0.35f;
    private static readonly (float Low, float High) BackgroundPeriod = (0.1f, 0.4f);
    private static readonly (float Low, float High) ShapePeriod = (0.06f, 0.2f);

    // A shape whose colour matched what lies below it would be invisible yet labelled; redraw its colour
    // a few times to keep it this far (Euclidean, RGB in [0, 1]) from the background and earlier shapes.
    private const float MinColourDistance = 0.3f;
    private const int ColourAttempts = 16;

    public static SyntheticScene Sample(SyntheticOptions options, SplitMix64 random)
    {
        float side = Math.Min(options.Height, options.Width);
        var background = Texture.Random(ref random, Rgb.Random(ref random), Contrast, Scaled(BackgroundPeriod, side));
        var count = options.MinShapes + random.NextInt(options.MaxShapes - options.MinShapes + 1);
        var shapes = new PlacedShape[count];
        var colours = new List<Rgb> { background.Mean };
        for (var i = 0; i < count; i++)
        {
            shapes[i] = Shape(ref random, options, side, colours);
            colours.Add(shapes[i].Texture.Mean);
        }
        return new SyntheticScene(options.Height, options.Width, background, shapes, random.NextUInt64(), options.Noise);
    }

    private static PlacedShape Shape(ref SplitMix64 random, SyntheticOptions options, float side, IReadOnlyList<Rgb> colours)
    {
        var choice = random.NextInt(options.Shapes.Count);
        var kind = options.Shapes[choice];
        var size = random.Uniform(options.MinSize, options.MaxSize) * side;
        var x = random.Uniform(Margin, 1 - Margin) * options.Width;
        var y = random.Uniform(Margin, 1 - Margin) * options.Height;
        var rotation = random.Uniform(0, MathF.Tau);
        var detail = Detail(ref random, kind);
        var texture = Texture.Random(ref random, DistinctColour(ref random, colours), Contrast, Scaled(ShapePeriod, side));
        return new PlacedShape(kind, choice + 1, x, y, size, rotation, detail, texture);
    }

    /// <summary>The kind's second parameter (see <see cref="PlacedShape.Detail"/>), in ranges that keep each kind recognisable.</summary>
    private static float Detail(ref SplitMix64 random, ShapeKind kind) => kind switch
    {
        ShapeKind.Square => random.Uniform(0.6f, 1f),
        ShapeKind.Ring => random.Uniform(0.4f, 0.55f),
        ShapeKind.Cross => random.Uniform(0.25f, 0.35f),
        _ => 0,
    };

    private static Rgb DistinctColour(ref SplitMix64 random, IReadOnlyList<Rgb> taken)
    {
        var colour = Rgb.Random(ref random);
        for (var attempt = 1; attempt < ColourAttempts && !FarFromAll(colour, taken); attempt++) colour = Rgb.Random(ref random);
        return colour;
    }

    private static bool FarFromAll(Rgb colour, IReadOnlyList<Rgb> taken)
    {
        foreach (var other in taken)
        {
            if (colour.DistanceTo(other) < MinColourDistance) return false;
        }
        return true;
    }

    private static (float Low, float High) Scaled((float Low, float High) range, float side) => (range.Low * side, range.High * side);
}
