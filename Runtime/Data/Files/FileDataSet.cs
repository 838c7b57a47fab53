using System;
using System.Collections.Generic;
using System.IO;
using SegGen.Imaging;
using static SegGen.Torch.torch;

namespace SegGen.Data.Files;

/// <summary>Where one sample's image and label mask are stored.</summary>
public sealed record SamplePaths(string Image, string Mask);

/// <summary>
/// A data set stored as image files (PNG or JPEG) and label PNGs (palette indices or 8-bit gray), read
/// when a sample is asked for. Every problem with a file — missing, unreadable, corrupt, a label outside
/// the classes, a mask whose size differs from its image's — is an exception whose one-line message names the file.
/// </summary>
public sealed class FileDataSet : ISegmentationDataSet
{
    private readonly LabelMap labels;

    internal FileDataSet(string description, IReadOnlyList<SamplePaths> samples, IReadOnlyList<string> classNames, LabelMap labels)
    {
        (Description, Samples, ClassNames, this.labels) = (description, samples, classNames, labels);
    }

    /// <summary>The layout, root and split, e.g. <c>voc /data/VOC2012 (val)</c>.</summary>
    public string Description { get; }

    public IReadOnlyList<SamplePaths> Samples { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public int Count => Samples.Count;

    public SegmentationSample this[int index]
    {
        get
        {
            var paths = Samples[index];
            var (height, width, pixels) = ReadImage(paths.Image);
            var (maskHeight, maskWidth, mask) = ReadMask(paths.Mask);
            if (maskHeight != height || maskWidth != width)
            {
                throw new InvalidDataException($"{paths.Mask}: the mask is {maskHeight}×{maskWidth} but its image {paths.Image} is {height}×{width}");
            }
            return new SegmentationSample(height, width, pixels, mask);
        }
    }

    public long[] Mask(int index) => ReadMask(Samples[index].Mask).Labels;

    public override string ToString() => Description;

    /// <summary>The image as planar RGB in [0, 1] (gray images repeated, alpha dropped).</summary>
    private static (int Height, int Width, float[] Pixels) ReadImage(string path)
    {
        using var image = Image.read_image(path, ImageReadMode.RGB);
        var bytes = image.ToArray<byte>();
        var pixels = new float[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) pixels[i] = bytes[i] / 255f;
        return ((int)image.size(1), (int)image.size(2), pixels);
    }

    private (int Height, int Width, long[] Labels) ReadMask(string path)
    {
        using var stored = Image.read_palette_indices(path);
        var width = (int)stored.size(1);
        return ((int)stored.size(0), width, labels.Apply(path, stored.ToArray<byte>(), width));
    }
}
