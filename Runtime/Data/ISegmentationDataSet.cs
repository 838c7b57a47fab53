using System.Collections.Generic;

namespace SegGen.Data;

/// <summary>
/// A segmentation data set whose samples are made on demand (drawn or decoded when asked for), so a
/// set of any size costs no memory and a loader can read samples on several threads at once.
/// Masks hold class indexes below <see cref="ClassNames"/>' count, or <see cref="IgnoreLabel"/>.
/// </summary>
public interface ISegmentationDataSet
{
    /// <summary>The label that marks pixels no loss or metric counts (VOC's border, CamVid's void).</summary>
    public const long IgnoreLabel = 255;

    int Count { get; }

    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Sample <paramref name="index"/>; safe to call from several threads at once.</summary>
    SegmentationSample this[int index] { get; }

    /// <summary>Only the mask of sample <paramref name="index"/> (class statistics need no image decoding).</summary>
    long[] Mask(int index);
}
