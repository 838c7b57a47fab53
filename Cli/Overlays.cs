using System.Collections.Generic;
using System.IO;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Data.Transforms;
using SegGen.Imaging;
using SegGen.Inference;
using SegGen.Training;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>Pictures of a model's predictions: the input with the predicted classes blended over it, and the mask as a palette PNG.</summary>
internal static class Overlays
{
    /// <summary>Overlays of the first <paramref name="count"/> samples of <paramref name="data"/> (those with bad labels left out under <see cref="BadLabelPolicy.Skip"/>).</summary>
    public static void Write(nn.Module<Tensor, Tensor> model, ISegmentationDataSet data, TrainJobOptions options, string folder, int count)
    {
        var samples = new List<SegmentationSample>();
        for (var i = 0; i < data.Count && samples.Count < count; i++)
        {
            try
            {
                samples.Add(data[i]);
            }
            catch (LabelOutOfRangeException) when (options.BadLabels == BadLabelPolicy.Skip)
            {
            }
        }
        if (samples.Count == 0) return;
        model.eval();
        using var scope = NewDisposeScope();
        using var gradients = no_grad();
        var normalize = JobData.Normalization(options.Normalize);
        var inputs = samples.ConvertAll(s => normalize?.Apply(s, SampleRandom.For(options.Seed, 0, 0)) ?? s);
        var (images, _) = SegmentationSample.Stack(SegmentationLoader.PadToOneSize(inputs, JobData.ModelSize));
        var predictions = model.forward(images).argmax(1).to(ScalarType.Byte);
        var palette = Palettes.voc();
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var mask = predictions[i].narrow(0, 0, sample.Height).narrow(1, 0, sample.Width).contiguous();
            Image.write_palette_png(mask, palette, Path.Combine(folder, $"mask_{i:D3}.png"));
            var image = sample.ImageTensor().mul(255).round().to(ScalarType.Byte);
            var blended = MaskPictures.Overlay(image, mask, palette);
            Image.write_png(blended, Path.Combine(folder, $"overlay_{i:D3}.png"));
        }
    }
}
