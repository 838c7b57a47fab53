using System.IO;
using System.Threading.Tasks;
using SegGen.Imaging;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Imaging;

/// <summary>Our decodes of images PIL wrote, against torchvision.io's (same libpng and libjpeg) and PIL's.</summary>
public sealed class ImageDecodeTests
{
    // PNGs of every colour type PIL writes, a 1-bit one, one with a tRNS chunk, an Adam7-interlaced one;
    // baseline colour and grayscale JPEGs and a progressive one.
    public static TheoryData<string, ImageReadMode> Images => ImageReference.WithEveryMode(
        "rgb.png", "rgba.png", "gray.png", "gray_alpha.png", "gray1.png", "palette.png", "palette_trns.png", "interlaced.png",
        "rgb.jpg", "gray.jpg", "progressive.jpg");

    /// <summary>JPEGs too are exact: torchvision calls the same libjpeg-turbo with the same (default) settings.</summary>
    [Theory]
    [MemberData(nameof(Images))]
    public void ImageDecodesToTorchvisionsPixelsBitExactly(string file, ImageReadMode mode)
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal(ImageReference.Expected(file, mode), Image.read_image(ImageReference.File(file), mode), $"{file} {mode}");
    }

    [Theory]
    [InlineData(ImageReadMode.UNCHANGED)]
    [InlineData(ImageReadMode.GRAY)]
    [InlineData(ImageReadMode.RGB)]
    public void SixteenBitPngDecodesToInt32HoldingTheValuesAsTorchvisionsReadPng16Does(ImageReadMode mode)
    {
        using var scope = NewDisposeScope();
        var decoded = Image.read_image(ImageReference.File("gray16.png"), mode);
        TensorAssert.Equal(ImageReference.Expected("gray16.png", mode), decoded);
        Assert.True(decoded.max().item<int>() > 255, "the 16-bit values were scaled down");
    }

    /// <summary>UNCHANGED gives one index per pixel as PIL does (torchvision 0.14 leaves 4 bits packed); GRAY and RGB torchvision's colours.</summary>
    [Theory]
    [InlineData(ImageReadMode.UNCHANGED)]
    [InlineData(ImageReadMode.GRAY)]
    [InlineData(ImageReadMode.RGB)]
    public void FourBitPalettePngDecodesToOneIndexPerPixel(ImageReadMode mode)
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal(ImageReference.Expected("palette4.png", mode), Image.read_image(ImageReference.File("palette4.png"), mode));
    }

    [Theory]
    [InlineData("palette.png")]
    [InlineData("palette4.png")]
    [InlineData("gray.png")]
    [InlineData("gray1.png")]
    public void PaletteIndicesAreTheStoredIndexOrGrayValueOfEachPixelAsPilReadsThem(string file)
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal(ImageReference.Expected($"{file}/indices"), Image.read_palette_indices(ImageReference.File(file)), file);
    }

    [Fact]
    public void VocMaskKeepsItsVoidBorderAsIndex255()
    {
        using var scope = NewDisposeScope();
        var indices = Image.read_palette_indices(ImageReference.File("palette.png"));
        Assert.True(indices.eq(255).any().item<bool>(), "no 255 border survived");
        Assert.True(indices.lt(21).logical_or(indices.eq(255)).all().item<bool>(), "an index is neither a VOC class nor 255");
    }

    [Theory]
    [InlineData("rgb.png")]
    [InlineData("rgb.jpg")]
    public void DecodeImageTellsPngFromJpegByContentNotByName(string file)
    {
        using var scope = NewDisposeScope();
        var bytes = File.ReadAllBytes(ImageReference.File(file));
        var expected = file.EndsWith(".png") ? Image.decode_png(bytes) : Image.decode_jpeg(bytes);
        TensorAssert.Equal(expected, Image.decode_image(bytes));
    }

    [Fact]
    public void VocPaletteIsTheDevkitColourMap()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal(ImageReference.Expected("voc_palette"), Palettes.voc());
    }

    [Fact]
    public void ConcurrentDecodesOfGoodAndCorruptImagesEachGetTheirOwnResult()
    {
        var good = File.ReadAllBytes(ImageReference.File("rgb.png"));
        var truncated = good[..(good.Length / 2)];
        var expected = ImageReference.Expected("rgb.png", ImageReadMode.UNCHANGED);
        Parallel.For(0, 64, i =>
        {
            using var scope = NewDisposeScope();
            if (i % 2 == 0)
            {
                TensorAssert.Equal(expected, Image.decode_png(good));
            }
            else
            {
                Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Image.decode_png(truncated)).Message);
            }
        });
    }
}
