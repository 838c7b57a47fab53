using System;
using System.Collections.Generic;

namespace SegGen.Metrics;

/// <summary>The boundary pixels of every class in a label map.</summary>
internal static class ClassBoundaries
{
    /// <summary>
    /// For each class, the (row-major) indexes of its pixels that have a 4-neighbour of another label. The
    /// image's edge is no boundary, as in the Berkeley benchmark's <c>seg2bmap</c> that SegNet's script uses.
    /// </summary>
    public static List<int>[] Extract(ReadOnlySpan<long> labels, int height, int width, int classCount, long ignoreIndex)
    {
        var boundaries = new List<int>[classCount];
        for (var c = 0; c < classCount; c++) boundaries[c] = [];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pixel = y * width + x;
                var label = labels[pixel];
                if (label == ignoreIndex) continue;
                if (label < 0 || label >= classCount)
                {
                    throw new ArgumentException($"label {label} at row {y}, column {x} is not a class (0..{classCount - 1}) or the ignore index {ignoreIndex}");
                }
                var differs = (x > 0 && labels[pixel - 1] != label) || (x < width - 1 && labels[pixel + 1] != label)
                    || (y > 0 && labels[pixel - width] != label) || (y < height - 1 && labels[pixel + width] != label);
                if (differs) boundaries[label].Add(pixel);
            }
        }
        return boundaries;
    }
}
