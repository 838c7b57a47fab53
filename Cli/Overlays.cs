using System.IO;
using System.Linq;
using SegGen.Torch;
using SegGen.Data.Synthetic;
using SegGen.Imaging;
using SegGen.Inference;
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
            var image = images[i].mul(255).round().to(ScalarType.Byte);
            var blended = MaskPictures.Overlay(image, mask, palette);
            Image.write_png(blended, Path.Combine(folder, $"overlay_{i:D3}.png"));
        }
    }
}
