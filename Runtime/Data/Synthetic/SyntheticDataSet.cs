using System;
using System.Collections.Generic;
using System.Linq;
using SegGen.Torch;

namespace SegGen.Data.Synthetic;

/// <summary>The synthetic set's splits; each is an independent stream of scenes.</summary>
public enum SyntheticSplit
{
    Train,
    Validation,
}

/// <summary>
/// The built-in data set: scenes of textured shapes on a textured background, drawn on demand. Sample i
/// depends only on the options, the split and i, so the set needs no storage and any sample can be
/// regenerated (on the same platform: rotations and patterns go through <see cref="MathF"/>).
/// </summary>
public sealed class SyntheticDataSet : ISegmentationDataSet
{
    public SyntheticDataSet(SyntheticOptions options, SyntheticSplit split, int count)
    {
        options.Validate();
        if (!Enum.IsDefined(split)) throw new ArgumentOutOfRangeException(nameof(split), split, null);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a data set cannot have a negative number of samples");
        (Options, Split, Count) = (options, split, count);
    }

    public SyntheticOptions Options { get; }

    public SyntheticSplit Split { get; }

    public int Count { get; }

    public int ClassCount => Options.ClassCount;

    public IReadOnlyList<string> ClassNames => Options.ClassNames;

    /// <summary>The layout of sample <paramref name="index"/>: which shapes lie where, bottom first.</summary>
    public SyntheticScene Scene(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the {Split} split has {Count} samples");
        return SceneSampler.Sample(Options, SplitMix64.For(unchecked((ulong)Options.Seed), (ulong)Split, (ulong)index));
    }

    public SegmentationSample this[int index] => SceneRenderer.Render(Scene(index));

    public long[] Mask(int index) => this[index].Mask;

    /// <summary>The samples at <paramref name="indexes"/> as images [N, 3, H, W] float32 and masks [N, H, W] int64.</summary>
    public (torch.Tensor Images, torch.Tensor Masks) Batch(IReadOnlyList<int> indexes) =>
        SegmentationSample.Stack(indexes.Select(i => this[i]).ToList());
}
