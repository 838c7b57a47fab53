using System.IO;
using System.Linq;
using SegGen.Torch;
using SegGen.Data.Synthetic;
using SegGen.Imaging;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>Pictures of a model's predictions: the input with the predicted classes blended over it, and the mask as a palette PNG.</summary>
internal static class Overlays
{
    public static void Write(nn.Module<Tensor, Tensor> model, SyntheticDataSet data, string folder, int count)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var gradients = no_grad();
        var indexes = Enumerable.Range(0, System.Math.Min(count, data.Count)).ToList();
        var (images, _) = data.Batch(indexes);
        var predictions = model.forward(images).argmax(1).to(ScalarType.Byte);
        var palette = Palettes.voc();
        for (var i = 0; i < indexes.Count; i++)
        {
            var mask = predictions[i];
            Image.write_palette_png(mask, palette, Path.Combine(folder, $"mask_{i:D3}.png"));
            // Class colours over the image at half strength: [3, H, W] in [0, 255].
            var colours = palette.index_select(0, mask.flatten().@long()).view(mask.size(0), mask.size(1), 3).permute(2, 0, 1).to(ScalarType.Float32);
            var blended = (images[i] * 255 * 0.5 + colours * 0.5).clamp(0, 255).to(ScalarType.Byte);
            Image.write_png(blended, Path.Combine(folder, $"overlay_{i:D3}.png"));
        }
    }
}
