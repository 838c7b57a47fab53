using System;
using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Inference;

/// <summary>Tiles of <see cref="Height"/> × <see cref="Width"/> pixels, neighbours sharing <see cref="Overlap"/> pixels.</summary>
public sealed record Tiling(long Height, long Width, long Overlap)
{
    /// <summary>What is wrong with these tiles, in one line, or null.</summary>
    public string? Problem() => this switch
    {
        { Height: < 1 } or { Width: < 1 } => $"tile size must be positive, got {Height}×{Width}",
        { Overlap: < 0 } => $"tile overlap must not be negative, got {Overlap}",
        _ when Overlap >= Math.Min(Height, Width) => $"tile overlap must be smaller than the tile, got {Overlap} for {Height}×{Width}",
        _ => null,
    };
}

/// <summary>
/// Sliding-window inference for images larger than a model should see at once: the image is covered by
/// overlapping tiles (the last row and column aligned to the far edge), each tile is scored separately,
/// and where tiles overlap their scores are averaged.
/// </summary>
public static class SlidingWindow
{
    /// <summary>Scores of <paramref name="input"/> [N, C, H, W] as [N, K, H, W], from <paramref name="score"/> run on each tile.</summary>
    public static Tensor Run(Func<Tensor, Tensor> score, Tensor input, Tiling tiling)
    {
        var (height, width) = (input.size(2), input.size(3));
        if (height <= tiling.Height && width <= tiling.Width) return score(input);
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        var counts = zeros(1, 1, height, width);
        foreach (var top in Starts(height, tiling.Height, tiling.Overlap))
        {
            foreach (var left in Starts(width, tiling.Width, tiling.Overlap))
            {
                using var tileScope = NewDisposeScope();
                var (tileHeight, tileWidth) = (Math.Min(tiling.Height, height), Math.Min(tiling.Width, width));
                var scores = score(Window(input, top, left, tileHeight, tileWidth));
                sum ??= zeros([input.size(0), scores.size(1), height, width], scores.dtype).MoveToOuterDisposeScope();
                // Windows are views: adding to them adds into the sums.
                Window(sum, top, left, tileHeight, tileWidth).add_(scores);
                Window(counts, top, left, tileHeight, tileWidth).add_(1);
            }
        }
        return sum!.div(counts).MoveToOuterDisposeScope();
    }

    /// <summary>Where tiles start along a side: every tile − overlap pixels, the last one flush with the far edge.</summary>
    internal static IEnumerable<long> Starts(long size, long tile, long overlap)
    {
        if (size <= tile)
        {
            yield return 0;
            yield break;
        }
        var stride = tile - overlap;
        long start;
        for (start = 0; start + tile < size; start += stride) yield return start;
        yield return size - tile;
    }

    private static Tensor Window(Tensor tensor, long top, long left, long height, long width) =>
        tensor.narrow(2, top, height).narrow(3, left, width);
}
