using SegGen.Imaging;
using SegGen.Inference;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Inference;

public class MaskPicturesTests
{
    [Fact]
    public void OverlayBlendsEachPixelHalfAndHalfWithItsClassColour()
    {
        using var scope = NewDisposeScope();
        // Two pixels, planar RGB: (100, 50, 8) of class 0 (black in VOC's map) and (200, 10, 254) of class 1 (128, 0, 0).
        var image = tensor(new byte[] { 100, 200, 50, 10, 8, 254 }, [3, 1, 2]);
        var mask = tensor(new byte[] { 0, 1 }, [1, 2]);

        var overlay = MaskPictures.Overlay(image, mask, Palettes.voc());

        TensorAssert.Equal(tensor(new byte[] { 50, 164, 25, 5, 4, 127 }, [3, 1, 2]), overlay);
        TensorAssert.Equal(tensor(new byte[] { 0, 128, 0, 0, 0, 0 }, [3, 1, 2]), MaskPictures.Colours(mask, Palettes.voc()));
    }

    [Fact]
    public void UncertaintyIsWhiteAtTheLargestVarianceAndBlackWithoutAny()
    {
        using var scope = NewDisposeScope();
        var variance = tensor(new float[] { 0, 0.1f, 0.2f, 0.4f }, [2, 2]);

        TensorAssert.Equal(tensor(new byte[] { 0, 64, 128, 255 }, [1, 2, 2]), MaskPictures.Uncertainty(variance));
        TensorAssert.Equal(zeros([1, 2, 2], SegGen.Torch.ScalarType.Byte), MaskPictures.Uncertainty(zeros(2, 2)));
    }
}
