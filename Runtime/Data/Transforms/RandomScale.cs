using System;

namespace SegGen.Data.Transforms;

/// <summary>
/// Resizes by a factor drawn uniformly from [min, max] (DeepLab's
/// 0.5–2): the image bilinearly, the mask by nearest neighbour (labels must not blend), both with
/// PyTorch's <c>interpolate</c> pixel mapping (align_corners = false).
/// </summary>
public sealed class RandomScale : ISampleTransform
{
    private readonly float min;
    private readonly float max;

    public RandomScale(float min, float max)
    {
        if (!(min > 0 && max >= min)) throw new ArgumentException($"random scale needs 0 < min ≤ max, got {min} and {max}");
        (this.min, this.max) = (min, max);
    }

    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        var factor = random.Uniform(min, max);
        var height = Math.Max(1, (int)MathF.Round(sample.Height * factor));
        var width = Math.Max(1, (int)MathF.Round(sample.Width * factor));
        return new SegmentationSample(height, width, Bilinear(sample, height, width), Nearest(sample, height, width));
    }

    private static float[] Bilinear(SegmentationSample sample, int height, int width)
    {
        var (inHeight, inWidth) = (sample.Height, sample.Width);
        var result = new float[3 * height * width];
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, wy) = Source(y, inHeight, height);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, wx) = Source(x, inWidth, width);
                for (var c = 0; c < 3; c++)
                {
                    var plane = c * inHeight * inWidth;
                    float At(int row, int column) => sample.Image[plane + row * inWidth + column];
                    var top = At(y0, x0) * (1 - wx) + At(y0, x1) * wx;
                    var bottom = At(y1, x0) * (1 - wx) + At(y1, x1) * wx;
                    result[(c * height + y) * width + x] = top * (1 - wy) + bottom * wy;
                }
            }
        }
        return result;
    }

    /// <summary>The two source pixels of output pixel <paramref name="i"/> and the weight of the second (half-pixel centres, clamped at the border).</summary>
    private static (int Low, int High, float Weight) Source(int i, int inSize, int outSize)
    {
        var position = Math.Max(0f, (i + 0.5f) * inSize / outSize - 0.5f);
        var low = Math.Min((int)position, inSize - 1);
        return (low, Math.Min(low + 1, inSize - 1), position - low);
    }

    private static long[] Nearest(SegmentationSample sample, int height, int width)
    {
        var result = new long[height * width];
        for (var y = 0; y < height; y++)
        {
            var row = Math.Min((int)((long)y * sample.Height / height), sample.Height - 1);
            for (var x = 0; x < width; x++)
            {
                var column = Math.Min((int)((long)x * sample.Width / width), sample.Width - 1);
                result[y * width + x] = sample.Mask[row * sample.Width + column];
            }
        }
        return result;
    }
}
