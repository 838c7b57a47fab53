using System;

namespace SegGen.Data.Transforms;

/// <summary>
/// Maps the [0, 1] RGB image to what pretrained weights expect: output channel c is
/// <c>(input[source c] · scale − mean[c]) / std[c]</c>, where the source channels are reversed for BGR.
/// </summary>
public sealed class Normalize : ISampleTransform
{
    private readonly float[] mean;
    private readonly float[] std;
    private readonly float scale;
    private readonly bool bgr;

    public Normalize(float[] mean, float[] std, float scale = 1, bool bgr = false)
    {
        if (mean.Length != 3 || std.Length != 3 || Array.Exists(std, s => !(s > 0))) throw new ArgumentException("normalisation needs 3 means and 3 positive standard deviations");
        (this.mean, this.std, this.scale, this.bgr) = (mean, std, scale, bgr);
    }

    /// <summary>torchvision's ImageNet statistics (ResNet, VGG and DeepLab weights from torchvision).</summary>
    public static Normalize ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>Caffe's convention (FCN's and SegNet's original weights): BGR order, 0–255, the ILSVRC mean pixel subtracted.</summary>
    public static Normalize CaffeBgr { get; } = new([104.00699f, 116.66877f, 122.67892f], [1, 1, 1], scale: 255, bgr: true);

    public SegmentationSample Apply(SegmentationSample sample, SampleRandom random)
    {
        var plane = sample.Height * sample.Width;
        var image = new float[sample.Image.Length];
        for (var channel = 0; channel < 3; channel++)
        {
            var source = (bgr ? 2 - channel : channel) * plane;
            for (var p = 0; p < plane; p++)
            {
                image[channel * plane + p] = (sample.Image[source + p] * scale - mean[channel]) / std[channel];
            }
        }
        return new SegmentationSample(sample.Height, sample.Width, image, sample.Mask);
    }
}
