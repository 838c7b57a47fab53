using System;

namespace SegGen.Data.Transforms;

/// <summary>
/// Changes brightness, contrast and saturation by factors drawn from [1 − x, 1 + x] for each setting x,
/// in that order, with torchvision's definitions (contrast about the mean gray level, saturation about each
/// pixel's gray, gray = 0.299 R + 0.587 G + 0.114 B), clamping to [0, 1]. Apply it before normalising.
/// </summary>
public sealed class ColorJitter : ISampleTransform
{
    private readonly float brightness;
    private readonly float contrast;
    private readonly float saturation;

    public ColorJitter(float brightness, float contrast, float saturation)
    {
        if (brightness is < 0 or > 1 || contrast is < 0 or > 1 || saturation is < 0 or > 1)
        {
            throw new ArgumentException($"colour jitter amounts must lie in [0, 1], got {brightness}, {contrast}, {saturation}");
        }
        (this.brightness, this.contrast, this.saturation) = (brightness, contrast, saturation);
    }

    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        var b = random.Uniform(1 - brightness, 1 + brightness);
        var c = random.Uniform(1 - contrast, 1 + contrast);
        var s = random.Uniform(1 - saturation, 1 + saturation);
        var image = (float[])sample.Image.Clone();
        var plane = sample.Height * sample.Width;
        for (var i = 0; i < image.Length; i++) image[i] = Math.Clamp(image[i] * b, 0, 1);
        var meanGray = 0f;
        for (var p = 0; p < plane; p++) meanGray += Gray(image, p, plane);
        meanGray /= plane;
        for (var i = 0; i < image.Length; i++) image[i] = Math.Clamp((image[i] - meanGray) * c + meanGray, 0, 1);
        for (var p = 0; p < plane; p++)
        {
            var gray = Gray(image, p, plane);
            for (var channel = 0; channel < 3; channel++)
            {
                ref var value = ref image[channel * plane + p];
                value = Math.Clamp((value - gray) * s + gray, 0, 1);
            }
        }
        return new SegmentationSample(sample.Height, sample.Width, image, sample.Mask);
    }

    private static float Gray(float[] image, int pixel, int plane) =>
        0.299f * image[pixel] + 0.587f * image[plane + pixel] + 0.114f * image[2 * plane + pixel];
}
