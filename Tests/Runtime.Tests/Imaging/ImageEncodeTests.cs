using System.IO;
using SegGen.Imaging;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Imaging;

/// <summary>Our PNG encoder, checked by our decoder and by PIL.</summary>
public sealed class ImageEncodeTests : FileTests
{
    /// <summary>Every byte value in varied places, without libtorch's random generator (shared with seeded tests).</summary>
    private static Tensor Pattern(long channels, long height = 13, long width = 7)
    {
        var values = new byte[channels * height * width];
        for (var i = 0; i < values.Length; i++) values[i] = (byte)(i * 37 + i / 11);
        return tensor(values, [channels, height, width]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void PngRoundTripsThroughOurDecoderBitExactly(int channels)
    {
        using var scope = NewDisposeScope();
        var image = Pattern(channels);
        var path = Temporary.File("image.png");
        Image.write_png(image, path);
        TensorAssert.Equal(image, Image.read_image(path));
    }

    [Fact]
    public void PngsWeWriteOpenInPilWithTheSamePixelsAndMode()
    {
        using var scope = NewDisposeScope();
        var pilModes = new[] { "L", "LA", "RGB", "RGBA" };
        var files = new string[pilModes.Length];
        for (var channels = 1; channels <= 4; channels++)
        {
            files[channels - 1] = Temporary.File($"channels{channels}.png");
            Image.write_png(Pattern(channels), files[channels - 1]);
        }

        var (pil, modes) = ImageReference.ReadWithPil(Temporary.File("pil.safetensors"), files);
        for (var channels = 1; channels <= 4; channels++)
        {
            var name = $"channels{channels}.png";
            Assert.Equal(pilModes[channels - 1], modes[name]);
            // PIL gives [H, W, C], and [H, W] for one channel.
            var hwc = Pattern(channels).permute(1, 2, 0);
            TensorAssert.Equal(channels == 1 ? hwc.squeeze(2) : hwc, pil[name], name);
        }
    }

    [Fact]
    public void PalettePngWeWriteOpensInPilWithTheSameIndicesAndPalette()
    {
        using var scope = NewDisposeScope();
        var indices = Image.read_palette_indices(ImageReference.File("palette.png"));
        var path = Temporary.File("mask.png");
        Image.write_palette_png(indices, Palettes.voc(), path);

        var (pil, modes) = ImageReference.ReadWithPil(Temporary.File("pil.safetensors"), path);
        Assert.Equal("P", modes["mask.png"]);
        TensorAssert.Equal(indices, pil["mask.png"], "indices");
        TensorAssert.Equal(Palettes.voc(), pil["mask.png/palette"], "palette");
        TensorAssert.Equal(indices, Image.read_palette_indices(path), "our own reading");
    }

    [Fact]
    public void PalettePngLooksUpItsPaletteWhenReadAsRgb()
    {
        using var scope = NewDisposeScope();
        var indices = tensor(new byte[] { 0, 1, 2, 255 }, [2, 2]);
        var path = Temporary.File("mask.png");
        Image.write_palette_png(indices, Palettes.voc(), path);

        var rgb = Image.read_image(path, ImageReadMode.RGB);
        var expected = Palettes.voc().index_select(0, indices.flatten().to(ScalarType.Int64)).transpose(0, 1).reshape(3, 2, 2);
        TensorAssert.Equal(expected, rgb);
    }

    [Fact]
    public void WritePngReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        var path = Temporary.File("image.png");
        File.WriteAllText(path, "old content");
        Image.write_png(Pattern(3), path);
        TensorAssert.Equal(Pattern(3), Image.read_image(path));
        Assert.Equal([path], Directory.GetFiles(Temporary.FullName));
    }

    [Theory]
    [InlineData("float", "uint8")]
    [InlineData("five channels", "channels")]
    [InlineData("two dimensions", "3 dimensions")]
    public void EncodePngRejectsWhatIsNotAUint8ImageWithOneToFourChannels(string what, string expectedWords)
    {
        using var scope = NewDisposeScope();
        var image = what switch
        {
            "float" => Pattern(3).to(ScalarType.Float32),
            "five channels" => Pattern(5),
            _ => Pattern(1).squeeze(0),
        };
        Assert.Contains(expectedWords, Assert.Throws<TorchException>(() => Image.encode_png(image)).Message);
    }

    [Fact]
    public void PalettePngRejectsAnIndexOutsideThePalette()
    {
        using var scope = NewDisposeScope();
        var palette = Palettes.voc().narrow(0, 0, 21);
        var indices = tensor(new byte[] { 0, 20, 21, 3 }, [2, 2]);
        var error = Assert.Throws<TorchException>(() => Image.encode_palette_png(indices, palette));
        Assert.Contains("index 21 is outside the palette of 21 colours", error.Message);
    }
}
