using System;
using System.Collections.Generic;

namespace SegGen.Metrics;

/// <summary>
/// Counts the pixels of one set that lie within a distance of some pixel of another, by stamping a disc
/// of that radius around each reference pixel: the work is proportional to the boundary length times the
/// disc's area, and no buffer is cleared between queries (each query uses a new stamp).
/// </summary>
internal sealed class ToleranceMatcher
{
    private readonly int height, width;
    private readonly (int Dy, int Dx)[] disc;
    private readonly int[] marks;
    private int stamp;

    public ToleranceMatcher(int height, int width, double radius)
    {
        (this.height, this.width) = (height, width);
        disc = Disc(radius);
        marks = new int[height * width];
    }

    /// <summary>How many of <paramref name="points"/> lie within the radius (Euclidean, between pixel centres) of a pixel of <paramref name="reference"/>.</summary>
    public int CountNear(List<int> points, List<int> reference)
    {
        stamp++;
        foreach (var pixel in reference) Stamp(pixel / width, pixel % width);
        var near = 0;
        foreach (var pixel in points)
        {
            if (marks[pixel] == stamp) near++;
        }
        return near;
    }

    private void Stamp(int y, int x)
    {
        foreach (var (dy, dx) in disc)
        {
            var (row, column) = (y + dy, x + dx);
            if (row >= 0 && row < height && column >= 0 && column < width) marks[row * width + column] = stamp;
        }
    }

    private static (int Dy, int Dx)[] Disc(double radius)
    {
        var reach = (int)Math.Floor(radius);
        // A hair of slack so a radius that is a whole distance (2.0, √5…) is not lost to rounding.
        var limit = radius * radius + 1e-9;
        var offsets = new List<(int, int)>();
        for (var dy = -reach; dy <= reach; dy++)
        {
            for (var dx = -reach; dx <= reach; dx++)
            {
                if (dy * dy + dx * dx <= limit) offsets.Add((dy, dx));
            }
        }
        return [.. offsets];
    }
}
