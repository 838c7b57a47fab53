using System;
using System.IO;
using System.Linq;
using SegGen.Imaging;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Imaging;

/// <summary>Bad files: one-line errors that name the file and the problem, never a crash.</summary>
public sealed class ImageErrorTests : FileTests
{
    /// <summary>A copy of the reference image <paramref name="file"/> with <paramref name="damage"/> applied.</summary>
    private string Damaged(string file, Func<byte[], byte[]> damage)
    {
        var path = Temporary.File("damaged-" + file);
        File.WriteAllBytes(path, damage(File.ReadAllBytes(ImageReference.File(file))));
        return path;
    }

    private static string FailsWithInvalidData(string path, Func<string, Tensor> read)
    {
        using var scope = NewDisposeScope();
        var message = Assert.Throws<InvalidDataException>(() => read(path)).Message;
        Assert.StartsWith(path + ": ", message);
        Assert.DoesNotContain('\n', message);
        return message;
    }

    private static Tensor ReadImage(string path) => Image.read_image(path);

    [Theory]
    [InlineData("rgb.png")]
    [InlineData("interlaced.png")]
    [InlineData("rgb.jpg")]
    [InlineData("progressive.jpg")]
    public void TruncatedImageFailsWithInvalidDataNamingTheFile(string file)
    {
        var path = Damaged(file, bytes => bytes[..(bytes.Length / 2)]);
        Assert.Contains("truncated", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void TruncatedLabelMapFailsWithInvalidDataNamingTheFile()
    {
        var path = Damaged("palette.png", bytes => bytes[..(bytes.Length - 20)]);
        Assert.Contains("truncated", FailsWithInvalidData(path, Image.read_palette_indices));
    }

    [Fact]
    public void PngWithDamagedImageDataFailsWithInvalidDataNamingTheChunk()
    {
        var path = Damaged("rgb.png", bytes =>
        {
            var data = bytes.AsSpan().IndexOf("IDAT"u8) + 4;
            bytes[data + 10] ^= 0xFF;  // inside the zlib stream, which libpng inflates before it checks the CRC
            return bytes;
        });
        Assert.Contains("invalid PNG: IDAT: ", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void PngWithABadChecksumFailsWithInvalidDataNamingTheChunk()
    {
        var path = Damaged("rgb.png", bytes =>
        {
            bytes[^1] ^= 0xFF;  // the last byte of IEND's CRC
            return bytes;
        });
        Assert.Contains("IEND: CRC error", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void JpegWithAnImpossibleHeaderFailsWithInvalidDataSayingWhy()
    {
        var path = Damaged("rgb.jpg", bytes =>
        {
            var frame = bytes.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
            bytes[frame + 4] = 7;  // sample precision, after the marker and the segment's length
            return bytes;
        });
        Assert.Contains("precision 7", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void EmptyFileFailsWithInvalidDataNamingTheFile()
    {
        var path = Temporary.File("empty.png");
        File.WriteAllBytes(path, []);
        Assert.Contains("empty", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void FileThatIsNeitherPngNorJpegFailsWithInvalidDataNamingTheFile()
    {
        var path = Temporary.File("image.gif");
        File.WriteAllBytes(path, "GIF89a\x01\x00\x01\x00"u8.ToArray());
        Assert.Contains("not a PNG or JPEG image (it starts with 4749463839610100)", FailsWithInvalidData(path, ReadImage));
    }

    [Fact]
    public void JpegBytesGivenToThePngDecoderAreNotAPng()
    {
        using var scope = NewDisposeScope();
        var bytes = File.ReadAllBytes(ImageReference.File("rgb.jpg"));
        Assert.Contains("Not a PNG file", Assert.Throws<InvalidDataException>(() => Image.decode_png(bytes)).Message);
    }

    [Theory]
    [InlineData("rgb.png", "RGB")]
    [InlineData("rgba.png", "RGBA")]
    [InlineData("gray16.png", "16-bit grayscale")]
    public void LabelMapMustBeAPaletteOrAnEightBitGrayscalePng(string file, string problem)
    {
        var message = FailsWithInvalidData(ImageReference.File(file), Image.read_palette_indices);
        Assert.Contains($"not a label map: the PNG is {problem}, where", message);
    }

    [Theory]
    [InlineData("missing.png")]
    [InlineData("missing-folder/image.png")]
    public void MissingFileFailsWithFileNotFoundNamingThePath(string name)
    {
        var path = Temporary.File(name);
        var error = Assert.Throws<FileNotFoundException>(() => Image.read_image(path));
        Assert.Equal($"{path}: no such file", error.Message);
        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public void DirectoryGivenAsAnImageFailsWithIOExceptionNamingIt()
    {
        var error = Assert.Throws<IOException>(() => Image.read_image(Temporary.FullName));
        Assert.StartsWith(Temporary.FullName + ": cannot read the file", error.Message);
    }

    [Fact]
    public void RandomlyDamagedImagesDecodeOrFailWithInvalidDataButNeverCrash()
    {
        var random = new Random(6);
        var originals = new[] { "rgb.png", "palette.png", "interlaced.png", "gray16.png", "rgb.jpg", "progressive.jpg" }
            .Select(file => File.ReadAllBytes(ImageReference.File(file)))
            .ToArray();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var bytes = (byte[])originals[random.Next(originals.Length)].Clone();
            if (attempt % 4 == 0) bytes = bytes[..random.Next(bytes.Length)];
            else for (var flips = random.Next(1, 6); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);

            using var scope = NewDisposeScope();
            foreach (var mode in ImageReference.Modes)
            {
                var error = Record.Exception(() => Image.decode_image(bytes, mode));
                Assert.True(error is null or InvalidDataException, $"attempt {attempt}, {mode}: {error}");
            }
        }
    }
}
