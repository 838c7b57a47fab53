using System;
using System.Collections.Generic;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Data;

/// <summary>
/// One image and its label mask in memory, as plain arrays so that they can be written out or inspected
/// without libtorch: <see cref="Image"/> is planar RGB (all red values, then green, then blue), row-major,
/// in [0, 1] until normalised; <see cref="Mask"/> holds one class index per pixel, row-major.
/// </summary>
public sealed class SegmentationSample
{
    public SegmentationSample(int height, int width, float[] image, long[] mask)
    {
        if (height <= 0 || width <= 0) throw new ArgumentException($"image size must be positive, got {height}×{width}");
        if (image.Length != 3L * height * width) throw new ArgumentException($"a {height}×{width} RGB image needs {3L * height * width} values, got {image.Length}", nameof(image));
        if (mask.Length != (long)height * width) throw new ArgumentException($"a {height}×{width} mask needs {(long)height * width} labels, got {mask.Length}", nameof(mask));
        (Height, Width, Image, Mask) = (height, width, image, mask);
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>[3, H, W] float32 values in [0, 1].</summary>
    public float[] Image { get; }

    /// <summary>[H, W] class indexes.</summary>
    public long[] Mask { get; }

    /// <summary>The image as a float32 tensor [3, H, W].</summary>
    public Tensor ImageTensor() => tensor(Image, [3, Height, Width]);

    /// <summary>The mask as an int64 tensor [H, W].</summary>
    public Tensor MaskTensor() => tensor(Mask, [Height, Width]);

    /// <summary>The image as interleaved 8-bit RGB, row-major (H × W × 3 bytes): the layout image encoders take.</summary>
    public byte[] ImageRgb8()
    {
        var plane = Height * Width;
        var bytes = new byte[3 * plane];
        for (var pixel = 0; pixel < plane; pixel++)
        {
            for (var channel = 0; channel < 3; channel++)
            {
                bytes[3 * pixel + channel] = (byte)MathF.Round(Math.Clamp(Image[channel * plane + pixel], 0, 1) * 255);
            }
        }
        return bytes;
    }

    /// <summary>
    /// The sample grown to <paramref name="height"/>×<paramref name="width"/> at the bottom and right: image
    /// 0 (the mean, once normalised), mask <see cref="ISegmentationDataSet.IgnoreLabel"/>, so padding never counts.
    /// </summary>
    public SegmentationSample PadTo(int height, int width)
    {
        if (height < Height || width < Width) throw new ArgumentException($"cannot pad a {Height}×{Width} sample to {height}×{width}");
        if (height == Height && width == Width) return this;
        var mask = new long[height * width];
        Array.Fill(mask, ISegmentationDataSet.IgnoreLabel);
        var padded = new SegmentationSample(height, width, new float[3 * height * width], mask);
        CopyRows(this, padded, 0, 0, Height, Width);
        return padded;
    }

    /// <summary>The <paramref name="height"/>×<paramref name="width"/> window whose top-left pixel is (<paramref name="top"/>, <paramref name="left"/>).</summary>
    public SegmentationSample Crop(int top, int left, int height, int width)
    {
        if (top < 0 || left < 0 || height < 1 || width < 1 || top + height > Height || left + width > Width)
        {
            throw new ArgumentException($"the {height}×{width} window at ({top}, {left}) does not lie inside the {Height}×{Width} sample");
        }
        var cropped = new SegmentationSample(height, width, new float[3 * height * width], new long[height * width]);
        CopyRows(this, cropped, top, left, height, width);
        return cropped;
    }

    /// <summary>Copies the window at (top, left) of <paramref name="from"/> to the top-left corner of <paramref name="to"/>.</summary>
    private static void CopyRows(SegmentationSample from, SegmentationSample to, int top, int left, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var c = 0; c < 3; c++)
            {
                Array.Copy(from.Image, (c * from.Height + top + y) * from.Width + left, to.Image, (c * to.Height + y) * to.Width, width);
            }
            Array.Copy(from.Mask, (top + y) * from.Width + left, to.Mask, y * to.Width, width);
        }
    }

    /// <summary>Samples of one size as a batch: images [N, 3, H, W] float32 and masks [N, H, W] int64.</summary>
    public static (Tensor Images, Tensor Masks) Stack(IReadOnlyList<SegmentationSample> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("a batch needs at least one sample", nameof(samples));
        var (height, width) = (samples[0].Height, samples[0].Width);
        var plane = height * width;
        var images = new float[samples.Count * 3 * plane];
        var masks = new long[samples.Count * plane];
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.Height != height || sample.Width != width)
            {
                throw new ArgumentException($"sample {i} is {sample.Height}×{sample.Width}, sample 0 is {height}×{width}; a batch needs one size", nameof(samples));
            }
            sample.Image.CopyTo(images, i * 3 * plane);
            sample.Mask.CopyTo(masks, i * plane);
        }
        return (tensor(images, [samples.Count, 3, height, width]), tensor(masks, [samples.Count, height, width]));
    }
}
