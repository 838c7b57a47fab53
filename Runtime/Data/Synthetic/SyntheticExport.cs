using System.IO;
using SegGen.Imaging;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Data.Synthetic;

/// <summary>Writes a synthetic split as PNG folders, to look at the scenes or feed them to other tools.</summary>
public static class SyntheticExport
{
    /// <summary>
    /// Sample i goes to <c>images/{i:D5}.png</c> (RGB) and <c>masks/{i:D5}.png</c> (palette PNG whose indices
    /// are the classes, coloured with <see cref="Palettes.voc"/>) under <paramref name="folder"/>.
    /// </summary>
    public static void Write(SyntheticDataSet data, string folder)
    {
        var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
        var masks = Directory.CreateDirectory(Path.Combine(folder, "masks")).FullName;
        using var palette = Palettes.voc();
        for (var i = 0; i < data.Count; i++)
        {
            using var scope = NewDisposeScope();
            var sample = data[i];
            var rgb = tensor(sample.ImageRgb8(), [sample.Height, sample.Width, 3]).permute(2, 0, 1).contiguous();
            Image.write_png(rgb, Path.Combine(images, $"{i:D5}.png"));
            Image.write_palette_png(sample.MaskTensor().to(ScalarType.Byte), palette, Path.Combine(masks, $"{i:D5}.png"));
        }
    }
}
