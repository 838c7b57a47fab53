using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SegGen.Imaging;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Tiny data sets in the standard layouts (PASCAL VOC 2012, SegNet's CamVid, Cityscapes), written as real
/// files: PNGs with SegGen's writers, JPEGs with torchvision's (Debian's python3). Shared by the Runtime
/// and Cli tests (linked into both). Samples are <see cref="Height"/>×<see cref="Width"/>; labels of sample
/// i come from <see cref="Labels"/>, so tests know every pixel's stored value.
/// </summary>
public static class DataTrees
{
    public const int Height = 20;
    public const int Width = 24;

    /// <summary>VOC: stored values (palette indices) used by the masks; 255 is the void border.</summary>
    public static readonly byte[] VocValues = [0, 1, 15, 20, 255];

    /// <summary>CamVid: 11 is void.</summary>
    public static readonly byte[] CamVidValues = [0, 3, 8, 10, 11];

    /// <summary>Cityscapes label ids (7 road, 8 sidewalk, 26 car, 33 bicycle; 0 and 4 are not trained).</summary>
    public static readonly byte[] CityscapesValues = [0, 4, 7, 8, 26, 33];

    /// <summary>Planar RGB bytes of sample <paramref name="seed"/> (0–3): smooth gradients (JPEG keeps them well) that differ per sample.</summary>
    public static byte[] Image(int seed, int height = Height, int width = Width)
    {
        var bytes = new byte[3 * height * width];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++) bytes[(c * height + y) * width + x] = (byte)(seed * 20 + c * 40 + y * 3 + x * 2);
            }
        }
        return bytes;
    }

    /// <summary>The stored mask of sample <paramref name="seed"/>: 4×4 blocks cycling through <paramref name="values"/>.</summary>
    public static byte[] Labels(int seed, byte[] values, int height = Height, int width = Width)
    {
        var labels = new byte[height * width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++) labels[y * width + x] = values[(seed + y / 4 + x / 4) % values.Length];
        }
        return labels;
    }

    public static void WritePng(string path, byte[] planar, int height = Height, int width = Width)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var image = tensor(planar, [3, height, width]);
        SegGen.Imaging.Image.write_png(image, path);
    }

    /// <summary>A mask as a palette PNG (VOC) or an 8-bit gray PNG (CamVid, Cityscapes).</summary>
    public static void WriteMask(string path, byte[] labels, bool palette, int height = Height, int width = Width)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (palette)
        {
            using var indices = tensor(labels, [height, width]);
            using var colours = Palettes.voc();
            SegGen.Imaging.Image.write_palette_png(indices, colours, path);
        }
        else
        {
            using var gray = tensor(labels, [1, height, width]);
            SegGen.Imaging.Image.write_png(gray, path);
        }
    }

    /// <summary>JPEG files of the given planar RGB images, written by torchvision.io.write_jpeg (quality 95) in one python run.</summary>
    public static void WriteJpegs(IReadOnlyList<(string Path, byte[] Planar)> images)
    {
        var pairs = new List<string>();
        foreach (var (path, planar) in images)
        {
            var png = path + ".source.png";
            WritePng(png, planar);
            pairs.AddRange([png, path]);
        }
        const string Script = "import sys, torchvision.io as io\n" +
            "for png, jpg in zip(sys.argv[1::2], sys.argv[2::2]): io.write_jpeg(io.read_image(png), jpg, quality=95)\n";
        var start = new ProcessStartInfo(PyTorchPython) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var argument in pairs) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"writing JPEGs with torchvision failed: {error.Result}");
        foreach (var png in pairs.Where((_, i) => i % 2 == 0)) File.Delete(png);
    }

    private const string PyTorchPython = "/usr/bin/python3";

    /// <summary>
    /// VOC2012 under <paramref name="root"/>: train = a, b; val = c, d. Sample i (a = 0) has image
    /// <see cref="Image"/>(i) and mask <see cref="Labels"/>(i, <see cref="VocValues"/>).
    /// </summary>
    public static string Voc(string root)
    {
        string[] names = ["a", "b", "c", "d"];
        WriteJpegs(names.Select((name, i) => (Path.Combine(root, "JPEGImages", name + ".jpg"), Image(i))).ToList());
        for (var i = 0; i < names.Length; i++)
        {
            WriteMask(Path.Combine(root, "SegmentationClass", names[i] + ".png"), Labels(i, VocValues), palette: true);
        }
        var lists = Directory.CreateDirectory(Path.Combine(root, "ImageSets", "Segmentation")).FullName;
        File.WriteAllLines(Path.Combine(lists, "train.txt"), ["a", "b"]);
        File.WriteAllLines(Path.Combine(lists, "val.txt"), ["c", "d"]);
        return root;
    }

    /// <summary>
    /// SegNet's CamVid under <paramref name="root"/>, with the tutorial's absolute list paths (/SegNet/CamVid/…):
    /// train = 0, 1 in train/ and trainannot/; val = 2, 3 in val/ and valannot/ (files NNNN.png).
    /// </summary>
    public static string CamVid(string root)
    {
        foreach (var (split, first) in new[] { ("train", 0), ("val", 2) })
        {
            var lines = new List<string>();
            for (var i = first; i < first + 2; i++)
            {
                var file = $"{i:D4}.png";
                WritePng(Path.Combine(root, split, file), Image(i));
                WriteMask(Path.Combine(root, split + "annot", file), Labels(i, CamVidValues), palette: false);
                lines.Add($"/SegNet/CamVid/{split}/{file} /SegNet/CamVid/{split}annot/{file}");
            }
            File.WriteAllLines(Path.Combine(root, split + ".txt"), lines);
        }
        return root;
    }

    /// <summary>
    /// Cityscapes under <paramref name="root"/>: train = aachen 0, 1; val = bonn 2, 3
    /// (<c>{city}_000000_00000{i}_leftImg8bit.png</c> with <c>…_gtFine_labelIds.png</c>).
    /// </summary>
    public static string Cityscapes(string root)
    {
        foreach (var (split, city, first) in new[] { ("train", "aachen", 0), ("val", "bonn", 2) })
        {
            for (var i = first; i < first + 2; i++)
            {
                var stem = $"{city}_000000_00000{i}";
                WritePng(Path.Combine(root, "leftImg8bit", split, city, stem + "_leftImg8bit.png"), Image(i));
                WriteMask(Path.Combine(root, "gtFine", split, city, stem + "_gtFine_labelIds.png"), Labels(i, CityscapesValues), palette: false);
            }
        }
        return root;
    }
}
