using System;
using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Inference;

/// <summary>
/// Multi-scale and flip averaging: the image is scored at each scale (resized bilinearly) and, with
/// <c>flip</c>, mirrored left to right as well; every view's scores are brought back to the image's
/// size and orientation and averaged.
/// </summary>
public static class TestTimeAugmentation
{
    public static Tensor Run(Func<Tensor, Tensor> score, Tensor input, IReadOnlyList<double> scales, bool flip)
    {
        var (height, width) = (input.size(2), input.size(3));
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        var views = 0;
        foreach (var scale in scales)
        {
            var scaled = scale == 1 ? input : Resampling.ToSize(input, ScaledSize(height, scale), ScaledSize(width, scale));
            Add(Resampling.ToSize(score(scaled), height, width));
            if (flip) Add(Resampling.ToSize(score(scaled.flip(3)), height, width).flip(3));
        }
        return sum!.div(views).MoveToOuterDisposeScope();

        void Add(Tensor scores)
        {
            if (sum is null) sum = scores.clone();
            else sum.add_(scores);
            views++;
        }
    }

    /// <summary>A side at <paramref name="scale"/>, rounded, at least one pixel.</summary>
    public static long ScaledSize(long size, double scale) => Math.Max(1, (long)Math.Round(size * scale, MidpointRounding.AwayFromZero));
}
