using System;

namespace SegGen.Data.Synthetic;

/// <summary>A colour with channels in [0, 1].</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb Random(ref SplitMix64 random) => new(random.NextFloat(), random.NextFloat(), random.NextFloat());

    public static Rgb Lerp(Rgb a, Rgb b, float t) => new(a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    public float DistanceTo(Rgb other)
    {
        var (r, g, b) = (R - other.R, G - other.G, B - other.B);
        return MathF.Sqrt(r * r + g * g + b * b);
    }

    /// <summary>This colour moved by up to ±<paramref name="spread"/> per channel, kept in [0, 1].</summary>
    public Rgb Jitter(ref SplitMix64 random, float spread) => new(
        Math.Clamp(R + random.Uniform(-spread, spread), 0, 1),
        Math.Clamp(G + random.Uniform(-spread, spread), 0, 1),
        Math.Clamp(B + random.Uniform(-spread, spread), 0, 1));
}
