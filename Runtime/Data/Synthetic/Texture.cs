using System;

namespace SegGen.Data.Synthetic;

/// <summary>The patterns that fill shapes and the background.</summary>
internal enum TextureKind
{
    /// <summary>Smooth (sinusoidal) stripes, so they do not alias at any period.</summary>
    Stripes,
    Checker,

    /// <summary>Value noise: random levels on a lattice, interpolated smoothly between its points.</summary>
    Noise,

    /// <summary>A linear ramp between the two colours.</summary>
    Gradient,
}

/// <summary>
/// A two-colour pattern: <see cref="At"/> mixes <see cref="First"/> and <see cref="Second"/> by the
/// pattern's level at a point, given relative to the textured object's centre so the pattern moves with it.
/// </summary>
internal readonly struct Texture
{
    private static readonly int KindCount = Enum.GetValues<TextureKind>().Length;

    private readonly float cos, sin, period, phase;
    private readonly ulong noiseSeed;

    public Texture(TextureKind kind, Rgb first, Rgb second, float period, float angle, float phase, ulong noiseSeed)
    {
        (Kind, First, Second) = (kind, first, second);
        (this.period, this.phase, this.noiseSeed) = (period, phase, noiseSeed);
        (sin, cos) = MathF.SinCos(angle);
    }

    public TextureKind Kind { get; }

    public Rgb First { get; }

    public Rgb Second { get; }

    /// <summary>The colour the pattern averages to, which is what the eye (and a colour statistic) sees from afar.</summary>
    public Rgb Mean => Rgb.Lerp(First, Second, 0.5f);

    /// <summary>
    /// A random pattern on <paramref name="first"/>: its second colour lies up to <paramref name="contrast"/> away
    /// per channel, its scale (stripe period, checker cell, noise cell, ramp half-length) in the pixel range <paramref name="period"/>.
    /// </summary>
    public static Texture Random(ref SplitMix64 random, Rgb first, float contrast, (float Low, float High) period)
    {
        var kind = (TextureKind)random.NextInt(KindCount);
        var second = first.Jitter(ref random, contrast);
        return new Texture(kind, first, second, random.Uniform(period.Low, period.High),
            random.Uniform(0, MathF.Tau), random.Uniform(0, MathF.Tau), random.NextUInt64());
    }

    public Rgb At(float x, float y) => Rgb.Lerp(First, Second, Level(x, y));

    /// <summary>The pattern's level in [0, 1] at (x, y).</summary>
    private float Level(float x, float y)
    {
        var u = x * cos + y * sin;
        switch (Kind)
        {
            case TextureKind.Stripes:
                return 0.5f + 0.5f * MathF.Sin(MathF.Tau * u / period + phase);
            case TextureKind.Checker:
                var v = y * cos - x * sin;
                return ((int)MathF.Floor(u / period) + (int)MathF.Floor(v / period)) & 1;
            case TextureKind.Noise:
                return ValueNoise(x / period, y / period);
            case TextureKind.Gradient:
                return Math.Clamp(0.5f + u / (2 * period), 0, 1);
            default:
                throw new InvalidOperationException($"unknown texture {Kind}");
        }
    }

    private float ValueNoise(float x, float y)
    {
        var (cellX, cellY) = (MathF.Floor(x), MathF.Floor(y));
        var (fx, fy) = (Smooth(x - cellX), Smooth(y - cellY));
        var (ix, iy) = ((long)cellX, (long)cellY);
        var (topLeft, bottomLeft) = (Lattice(ix, iy), Lattice(ix, iy + 1));
        var top = topLeft + (Lattice(ix + 1, iy) - topLeft) * fx;
        var bottom = bottomLeft + (Lattice(ix + 1, iy + 1) - bottomLeft) * fx;
        return top + (bottom - top) * fy;
    }

    // Smoothstep: the interpolated level has no creases along the lattice lines.
    private static float Smooth(float t) => t * t * (3 - 2 * t);

    private float Lattice(long x, long y) =>
        (SplitMix64.Mix(noiseSeed ^ unchecked((ulong)x * 0xD1B54A32D192ED03 + (ulong)y * 0xABC98388FB8FAC03)) >> 40) * (1f / (1 << 24));
}
