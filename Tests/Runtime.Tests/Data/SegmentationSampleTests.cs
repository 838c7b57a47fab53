using System;
using SegGen.Data;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Data;

public class SegmentationSampleTests
{
    [Fact]
    public void Rgb8InterleavesThePlanarChannelsAndRoundsToBytes()
    {
        // 1×2 image: red plane (1, 0), green plane (0.5, 0), blue plane (0, 1).
        var sample = new SegmentationSample(1, 2, [1f, 0f, 0.5f, 0f, 0f, 1f], [0, 1]);
        Assert.Equal([255, 128, 0, 0, 0, 255], sample.ImageRgb8());
    }

    [Fact]
    public void TensorsHaveTheSampleShapeAndValues()
    {
        using var scope = NewDisposeScope();
        var sample = new SegmentationSample(1, 2, [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], [3, 4]);
        Assert.Equal([3L, 1, 2], sample.ImageTensor().shape);
        Assert.Equal(sample.Image, sample.ImageTensor().ToArray<float>());
        Assert.Equal([1L, 2], sample.MaskTensor().shape);
        Assert.Equal(sample.Mask, sample.MaskTensor().ToArray<long>());
    }

    [Fact]
    public void ArraysThatDoNotFitTheSizeAndBatchesOfMixedSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new SegmentationSample(2, 2, new float[12], new long[3]));
        Assert.Throws<ArgumentException>(() => new SegmentationSample(2, 2, new float[11], new long[4]));
        var (small, large) = (new SegmentationSample(1, 1, new float[3], new long[1]), new SegmentationSample(2, 1, new float[6], new long[2]));
        Assert.Contains("one size", Assert.Throws<ArgumentException>(() => SegmentationSample.Stack([small, large])).Message);
    }
}
