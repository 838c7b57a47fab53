using System.Linq;
using SegGen.Data;
using SegGen.Data.Transforms;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Data;

/// <summary>The sample transforms: PyTorch's resampling, ignore-padding, and results fixed by (seed, epoch, index).</summary>
public class TransformTests
{
    private static readonly SampleRandom AnyRandom = SampleRandom.For(0, 0, 0);

    /// <summary>A 3-channel sample whose values are all different, labels cycling 0–4.</summary>
    private static SegmentationSample Sample(int height, int width) => new(height, width,
        Enumerable.Range(0, 3 * height * width).Select(i => i % 17 / 16f).ToArray(),
        Enumerable.Range(0, height * width).Select(i => (long)(i % 5)).ToArray());

    [Theory]
    [InlineData(1.55f, 11, 14)]
    [InlineData(0.55f, 4, 5)]
    public void RandomScaleResamplesLikePyTorchsInterpolate(float factor, int height, int width)
    {
        var reference = PyTorchReference.Load("training.py");
        var scaled = new RandomScale(factor, factor).Apply(Sample(7, 9), AnyRandom);

        Assert.Equal((height, width), (scaled.Height, scaled.Width));
        using var image = scaled.ImageTensor();
        using var mask = scaled.MaskTensor();
        TensorAssert.Close(reference[$"scale/{height}x{width}/image"], image, 1e-6, 1e-6);
        TensorAssert.Equal(reference[$"scale/{height}x{width}/mask"], mask);
    }

    [Fact]
    public void TheSameSeedEpochAndIndexGiveTheSameAugmentationAndOthersDoNot()
    {
        var augment = new Compose([new RandomScale(0.5f, 2f), new RandomCrop(12, 12), new HorizontalFlip(), new ColorJitter(0.3f, 0.3f, 0.3f), Normalize.ImageNet]);
        var sample = Sample(16, 20);
        SegmentationSample Run(long seed, int epoch, int index) => augment.Apply(sample, SampleRandom.For(seed, epoch, index));

        var first = Run(7, 2, 5);
        var again = Run(7, 2, 5);
        Assert.Equal(first.Image, again.Image);
        Assert.Equal(first.Mask, again.Mask);
        Assert.NotEqual(first.Image, Run(7, 3, 5).Image);
        Assert.NotEqual(first.Image, Run(7, 2, 6).Image);
        Assert.NotEqual(first.Image, Run(8, 2, 5).Image);
    }

    [Fact]
    public void RandomCropPadsASmallerSampleWithZeroImageAndIgnoredMask()
    {
        var sample = Sample(5, 6);
        var cropped = new RandomCrop(8, 8).Apply(sample, AnyRandom);

        Assert.Equal((8, 8), (cropped.Height, cropped.Width));
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var inside = y < 5 && x < 6;
                Assert.Equal(inside ? sample.Mask[y * 6 + x] : ISegmentationDataSet.IgnoreLabel, cropped.Mask[y * 8 + x]);
                Assert.Equal(inside ? sample.Image[2 * 30 + y * 6 + x] : 0f, cropped.Image[2 * 64 + y * 8 + x]);
            }
        }
    }

    [Fact]
    public void RandomCropOfALargerSampleIsAWindowOfIt()
    {
        var sample = Sample(10, 12);
        var cropped = new RandomCrop(4, 5).Apply(sample, SampleRandom.For(3, 0, 1));
        var windows = from top in Enumerable.Range(0, 7) from left in Enumerable.Range(0, 8) select sample.Crop(top, left, 4, 5);
        Assert.Contains(windows, w => w.Image.SequenceEqual(cropped.Image) && w.Mask.SequenceEqual(cropped.Mask));
    }

    [Fact]
    public void HorizontalFlipMirrorsImageAndMaskTogether()
    {
        var sample = Sample(3, 4);
        var flipped = new HorizontalFlip(probability: 1).Apply(sample, AnyRandom);

        Assert.Equal(sample.Mask[1 * 4 + 0], flipped.Mask[1 * 4 + 3]);
        Assert.Equal(sample.Image[2 * 12 + 2 * 4 + 1], flipped.Image[2 * 12 + 2 * 4 + 2]);
        var back = new HorizontalFlip(probability: 1).Apply(flipped, AnyRandom);
        Assert.Equal(sample.Image, back.Image);
        Assert.Equal(sample.Mask, back.Mask);
        Assert.Same(sample, new HorizontalFlip(probability: 0).Apply(sample, AnyRandom));
    }

    [Fact]
    public void ColorJitterKeepsValuesInRangeAndTheMaskAndIsTheIdentityWithNoAmounts()
    {
        var sample = Sample(6, 7);
        var jittered = new ColorJitter(0.5f, 0.5f, 0.5f).Apply(sample, SampleRandom.For(1, 0, 0));
        Assert.All(jittered.Image, v => Assert.InRange(v, 0f, 1f));
        Assert.NotEqual(sample.Image, jittered.Image);
        Assert.Same(sample.Mask, jittered.Mask);

        var unchanged = new ColorJitter(0, 0, 0).Apply(sample, SampleRandom.For(1, 0, 0));
        Assert.Equal(sample.Image.Select(v => (double)v), unchanged.Image.Select(v => (double)v), (a, b) => System.Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void NormalizeUsesImageNetStatisticsOrCaffesBgrMeanPixel()
    {
        var sample = new SegmentationSample(1, 1, [0.2f, 0.5f, 0.8f], [0]);

        var imagenet = Normalize.ImageNet.Apply(sample, AnyRandom).Image;
        Assert.Equal([(0.2f - 0.485f) / 0.229f, (0.5f - 0.456f) / 0.224f, (0.8f - 0.406f) / 0.225f], imagenet);

        var caffe = Normalize.CaffeBgr.Apply(sample, AnyRandom).Image;
        Assert.Equal([0.8f * 255 - 104.00699f, 0.5f * 255 - 116.66877f, 0.2f * 255 - 122.67892f], caffe);
    }
}
