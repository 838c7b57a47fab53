namespace SegGen.Data.Transforms;

/// <summary>Mirrors image and mask left to right with probability <paramref name="probability"/>.</summary>
public sealed class HorizontalFlip(float probability = 0.5f) : ISampleTransform
{
    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        if (!random.Chance(probability)) return sample;
        var (height, width) = (sample.Height, sample.Width);
        var image = new float[sample.Image.Length];
        var mask = new long[sample.Mask.Length];
        for (var row = 0; row < 3 * height; row++)
        {
            for (var x = 0; x < width; x++) image[row * width + x] = sample.Image[row * width + width - 1 - x];
        }
        for (var row = 0; row < height; row++)
        {
            for (var x = 0; x < width; x++) mask[row * width + x] = sample.Mask[row * width + width - 1 - x];
        }
        return new SegmentationSample(height, width, image, mask);
    }
}
