using SegGen.Data.Synthetic;

namespace SegGen.Data.Transforms;

/// <summary>
/// The random draws of one sample's augmentation. It is made from (seed, epoch, sample index) alone, so a
/// sample is augmented the same way whichever thread handles it and whenever.
/// </summary>
public sealed class SampleRandom
{
    private const ulong Stream = 0x4155_474D_454E_54UL; // "AUGMENT"
    private SplitMix64 generator;

    private SampleRandom(SplitMix64 generator) => this.generator = generator;

    public static SampleRandom For(long seed, int epoch, int index) =>
        new(SplitMix64.For(unchecked((ulong)seed), Stream ^ ((ulong)(uint)epoch << 8), (ulong)index));

    public float Uniform(float low, float high) => generator.Uniform(low, high);

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(float probability) => generator.NextFloat() < probability;

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => generator.NextInt(count);
}
