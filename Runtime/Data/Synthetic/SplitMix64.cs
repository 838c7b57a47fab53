using System;

namespace SegGen.Data.Synthetic;

/// <summary>
/// Steele, Lea and Flood's SplitMix64 generator. The synthetic set promises the same sample for the same
/// seed forever, so it cannot use <see cref="Random"/> (whose algorithm .NET may change) or libtorch's
/// global generator (shared with training); this one is a few lines whose output is fixed by its definition.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong state = seed;

    /// <summary>SplitMix64's finaliser: a bijective hash that spreads every input bit over the output.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A generator for item <paramref name="index"/> of stream <paramref name="stream"/>: hashing the three
    /// numbers lets any item be drawn directly, without drawing the items before it.
    /// </summary>
    public static SplitMix64 For(ulong seed, ulong stream, ulong index) =>
        new(Mix(Mix(Mix(seed + Gamma) ^ (stream + Gamma)) ^ (index + Gamma)));

    public ulong NextUInt64()
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits, the precision of a float.</summary>
    public float NextFloat() => (NextUInt64() >> 40) * (1f / (1 << 24));

    public float Uniform(float low, float high) => low + NextFloat() * (high - low);

    /// <summary>Uniform in [0, <paramref name="count"/>), by Lemire's multiply-shift (no modulo bias worth noting at these counts).</summary>
    public int NextInt(int count) => (int)Math.BigMul(NextUInt64(), (ulong)count, out _);
}
