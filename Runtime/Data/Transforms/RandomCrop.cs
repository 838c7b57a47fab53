using System;

namespace SegGen.Data.Transforms;

/// <summary>
/// Cuts a height × width window at a random place. A smaller sample is
/// first padded at the bottom and right, the image with 0 and the mask with the ignore label, so padding
/// never counts as a class.
/// </summary>
public sealed class RandomCrop : ISampleTransform
{
    private readonly int height;
    private readonly int width;

    public RandomCrop(int height, int width)
    {
        if (height < 1 || width < 1) throw new ArgumentException($"random crop needs a positive size, got {height}×{width}");
        (this.height, this.width) = (height, width);
    }

    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        var padded = sample.PadTo(Math.Max(height, sample.Height), Math.Max(width, sample.Width));
        var top = random.NextInt(padded.Height - height + 1);
        var left = random.NextInt(padded.Width - width + 1);
        return padded.Crop(top, left, height, width);
    }
}
