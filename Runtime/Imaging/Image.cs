using System;
using System.IO;
using SegGen.Torch;
using SegGen.Torch.Native;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Imaging;

/// <summary>
/// PNG and JPEG reading and writing through libpng and libjpeg, with torchvision.io's names and pixels:
/// decoders give uint8 <c>[C, H, W]</c> CPU tensors identical to torchvision 0.14's <c>read_image</c>.
/// Differences from torchvision: a 16-bit PNG decodes to int32 holding the 16-bit values (torchvision's
/// <c>read_image</c> refuses it; its <c>_read_png_16</c> gives the same int32), and a 1, 2 or 4-bit
/// palette PNG gives one index per pixel (torchvision leaves such pixels packed).
/// </summary>
/// <remarks>
/// Bad data raises <see cref="InvalidDataException"/> whose message says what is wrong, prefixed with the
/// file's path by the readers; a missing file raises <see cref="FileNotFoundException"/>. Corruption
/// that libjpeg only warns about (extraneous bytes between markers) decodes as in torchvision and PIL;
/// a truncated file is always an error. Wrong tensors given to the encoders raise <see cref="TorchException"/>.
/// </remarks>
public static class Image
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    /// <summary>libpng's and torchvision's default zlib level.</summary>
    public const int DefaultCompressionLevel = 6;

    // ---- reading ----

    /// <summary>The PNG or JPEG image at <paramref name="path"/> (told apart by content) as a tensor; see <see cref="decode_image"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid PNG or JPEG image; the message names it and the problem.</exception>
    public static Tensor read_image(string path, ImageReadMode mode = ImageReadMode.UNCHANGED) =>
        DecodeFile(path, data => decode_image(data, mode));

    /// <summary>
    /// The label map at <paramref name="path"/> as uint8 <c>[H, W]</c>: a palette PNG's indices (VOC's
    /// SegmentationClass, 255 = void), or a grayscale PNG's values as stored (at most 8 bits: label-id PNGs).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a valid PNG, or is a colour or 16-bit PNG.</exception>
    public static Tensor read_palette_indices(string path) => DecodeFile(path, decode_palette_indices);

    /// <summary>A PNG or JPEG image, told apart by its first bytes, as a tensor <c>[C, H, W]</c>.</summary>
    public static Tensor decode_image(ReadOnlySpan<byte> data, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        if (data.StartsWith(PngSignature)) return decode_png(data, mode);
        if (data.StartsWith(JpegSignature)) return decode_jpeg(data, mode);
        throw new InvalidDataException(data.IsEmpty
            ? "the file is empty"
            : $"not a PNG or JPEG image (it starts with {Convert.ToHexString(data[..Math.Min(data.Length, 8)])})");
    }

    /// <summary>A PNG as uint8 <c>[C, H, W]</c>, or int32 holding the values of a 16-bit PNG.</summary>
    public static unsafe Tensor decode_png(ReadOnlySpan<byte> data, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        fixed (byte* p = data) return Decoded(NativeMethods.sg_decode_png(p, data.Length, (int)mode));
    }

    /// <summary>A JPEG as uint8 <c>[C, H, W]</c> (3 channels for colour, 1 for grayscale when <see cref="ImageReadMode.UNCHANGED"/>).</summary>
    public static unsafe Tensor decode_jpeg(ReadOnlySpan<byte> data, ImageReadMode mode = ImageReadMode.UNCHANGED)
    {
        fixed (byte* p = data) return Decoded(NativeMethods.sg_decode_jpeg(p, data.Length, (int)mode));
    }

    /// <summary>The label map of a palette or grayscale PNG as uint8 <c>[H, W]</c>; see <see cref="read_palette_indices"/>.</summary>
    public static unsafe Tensor decode_palette_indices(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) return Decoded(NativeMethods.sg_decode_png_labels(p, data.Length));
    }

    // ---- writing ----

    /// <summary>
    /// The PNG file of uint8 <paramref name="image"/> <c>[C, H, W]</c> with C = 1 (gray), 2 (gray+alpha),
    /// 3 (RGB) or 4 (RGBA); <paramref name="compression_level"/> is zlib's, 0 to 9.
    /// </summary>
    public static byte[] encode_png(Tensor image, int compression_level = DefaultCompressionLevel) =>
        Encoded(NativeMethods.sg_encode_png(image.Handle, compression_level));

    /// <summary>
    /// The palette PNG of the uint8 index map <paramref name="indices"/> <c>[H, W]</c> with the uint8 RGB
    /// <paramref name="palette"/> <c>[N, 3]</c>, N ≤ 256, every index below N (masks: <see cref="Palettes.voc"/>).
    /// </summary>
    public static byte[] encode_palette_png(Tensor indices, Tensor palette, int compression_level = DefaultCompressionLevel) =>
        Encoded(NativeMethods.sg_encode_palette_png(indices.Handle, palette.Handle, compression_level));

    /// <summary>Writes <see cref="encode_png"/>'s file to <paramref name="path"/> atomically: readers see the old file or the whole new one.</summary>
    public static void write_png(Tensor image, string path, int compression_level = DefaultCompressionLevel) =>
        WriteFile(path, encode_png(image, compression_level));

    /// <summary>Writes <see cref="encode_palette_png"/>'s file to <paramref name="path"/> atomically.</summary>
    public static void write_palette_png(Tensor indices, Tensor palette, string path, int compression_level = DefaultCompressionLevel) =>
        WriteFile(path, encode_palette_png(indices, palette, compression_level));

    // ---- parts ----

    private static Tensor Decoded(IntPtr result) => new(NativeMethods.CheckDecoded(result));

    private static byte[] Encoded(IntPtr result)
    {
        using var file = new Tensor(result);
        var bytes = new byte[file.numel()];
        file.CopyBytesTo(bytes);
        return bytes;
    }

    private static void WriteFile(string path, byte[] bytes) => AtomicFile.Write(path, stream => stream.Write(bytes));

    /// <summary>Decodes the file at <paramref name="path"/>, every failure turned into one line that names it.</summary>
    private static Tensor DecodeFile(string path, Func<ReadOnlySpan<byte>, Tensor> decode)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{path}: no such file", path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read the file: {e.Message}", e);
        }
        try
        {
            return decode(data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
