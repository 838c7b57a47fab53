using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SegGen.Cli.Models;
using SegGen.Imaging;
using SegGen.Inference;
using SegGen.Training;
using SegGen.Torch;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen predict</c>: a zoo model with the given weights, run on an image, a folder of images (palette
/// masks, overlays and, with Monte Carlo dropout, uncertainty pictures) or a safetensors tensor <c>input</c>
/// (a safetensors file of <c>logits</c>, for comparing with other frameworks).
/// </summary>
internal sealed class PredictJob(PredictOptions options, TextWriter output, TextWriter error)
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly InferenceOptions inference = InferenceFrom(options);

    public int Run()
    {
        Engine.Start(options.Threads);
        var zoo = ModelCatalog.Find(options.Model);
        if (zoo.Contract.Inputs.Count != 1) throw new UserError($"{zoo.Name} has {zoo.Contract.Inputs.Count} inputs; predict runs models with one image input");
        var inputs = InputFiles();
        using var model = zoo.Create(HyperparameterValues.Read(options.Hyperparameters));
        TrainingCheckpoint.LoadModel(options.Weights, model);
        // predict only infers: the weights the prepared ones replace are freed, so they are held once.
        model.optimize_for_inference(release_weights: true);
        var segmenter = new Segmenter(model, images => zoo.MainOutput(model, images), zoo.Contract.Inputs[0], zoo.OutputsProbabilities);
        Run(() => segmenter.Validate(inference));
        try
        {
            Directory.CreateDirectory(options.Output);
        }
        catch (IOException e)
        {
            throw new UserError($"{options.Output}: cannot create the output folder: {e.Message}");
        }
        var failed = false;
        foreach (var input in inputs)
        {
            try
            {
                using var scope = NewDisposeScope();
                var written = IsTensorFile(input) ? PredictTensor(segmenter, input) : PredictImage(segmenter, input);
                output.WriteLine($"{input} → {string.Join(", ", written)}");
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or UserError)
            {
                // One bad image does not stop the others; the exit code tells.
                error.WriteLine($"seggen predict: {e.Message}");
                failed = true;
            }
        }
        return failed ? ExitCodes.UserError : ExitCodes.Success;
    }

    private static InferenceOptions InferenceFrom(PredictOptions options) => new()
    {
        Tiles = options.Tile > 0 ? new Tiling(options.Tile, options.Tile, options.Overlap) : null,
        Scales = ParseScales(options.Scales),
        Flip = options.Flip,
        AverageProbabilities = options.AverageProbabilities,
    };

    private static IReadOnlyList<double> ParseScales(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries).Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale)
            ? scale
            : throw new UserError($"--scales takes numbers separated by commas, got '{text}'")).ToList();

    /// <summary>The input file, or the images of the input folder in name order.</summary>
    private List<string> InputFiles()
    {
        if (Directory.Exists(options.Input))
        {
            var images = Directory.EnumerateFiles(options.Input)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal).ToList();
            return images.Count > 0 ? images : throw new UserError($"{options.Input}: no PNG or JPEG images in this folder");
        }
        return File.Exists(options.Input) ? [options.Input] : throw new UserError($"{options.Input}: no such file or folder");
    }

    private static bool IsTensorFile(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>A tensor <c>input</c> [N, C, H, W] (or [C, H, W]) as given, to <c>stem.logits.safetensors</c>.</summary>
    private IEnumerable<string> PredictTensor(Segmenter segmenter, string path)
    {
        var tensors = Safetensors.Load(path);
        if (!tensors.TryGetValue("input", out var input))
        {
            throw new UserError($"{path}: no tensor named 'input' (it has {(tensors.Count == 0 ? "none" : string.Join(", ", tensors.Keys))})");
        }
        if (input.dim() is not (3 or 4) || !is_floating_point(input.dtype))
        {
            throw new UserError($"{path}: 'input' must be a floating-point [N, C, H, W] or [C, H, W] tensor, got {input.dtype} [{string.Join(", ", input.shape)}]");
        }
        var batch = input.dim() == 3 ? input.unsqueeze(0) : input;
        var results = new Dictionary<string, Tensor>();
        if (options.Samples > 0)
        {
            var uncertainty = Run(() => segmenter.Sample(batch.to(ScalarType.Float32), options.Samples, inference));
            results["probabilities"] = uncertainty.Mean;
            results["variance"] = uncertainty.Variance;
        }
        else
        {
            // "logits" is the model's raw output, whatever its last op; averaged probabilities are named as such.
            results[options.AverageProbabilities ? "probabilities" : "logits"] = Run(() => segmenter.Predict(batch.to(ScalarType.Float32), inference));
        }
        var target = Path.Combine(options.Output, Path.GetFileNameWithoutExtension(path) + ".logits.safetensors");
        Safetensors.Save(target, results);
        return [target];
    }

    /// <summary>A PNG or JPEG to <c>stem_mask.png</c> (palette), <c>stem_overlay.png</c> and, with samples, <c>stem_uncertainty.png</c>.</summary>
    private IEnumerable<string> PredictImage(Segmenter segmenter, string path)
    {
        var image = Image.read_image(path, ImageReadMode.RGB);
        var batch = Normalized(image).unsqueeze(0);
        Tensor scores;
        Tensor? variance = null;
        if (options.Samples > 0)
        {
            var uncertainty = Run(() => segmenter.Sample(batch, options.Samples, inference));
            (scores, variance) = (uncertainty.Mean, uncertainty.Variance);
        }
        else
        {
            scores = Run(() => segmenter.Predict(batch, inference));
        }
        if (scores.size(1) > 256) throw new UserError($"{path}: {scores.size(1)} classes do not fit a palette PNG (at most 256)");
        var mask = scores[0].argmax(0).to(ScalarType.Byte);
        var palette = Palettes.voc();
        var stem = Path.Combine(options.Output, Path.GetFileNameWithoutExtension(path));
        var written = new List<string> { stem + "_mask.png", stem + "_overlay.png" };
        Image.write_palette_png(mask, palette, written[0]);
        Image.write_png(MaskPictures.Overlay(image, mask, palette), written[1]);
        if (variance is not null)
        {
            written.Add(stem + "_uncertainty.png");
            Image.write_png(MaskPictures.Uncertainty(variance[0]), written[2]);
        }
        return written;
    }

    private Tensor Normalized(Tensor image)
    {
        var unit = image.to(ScalarType.Float32).div(255);
        if (options.Normalize == InputNormalization.Unit) return unit;
        using var mean = tensor(ImageNetMean, [3, 1, 1]);
        using var std = tensor(ImageNetStd, [3, 1, 1]);
        return unit.sub_(mean).div_(std);
    }

    /// <summary>Inference, with what the model or the options reject (a wrong input shape, a tile the contract refuses) as a user error.</summary>
    private static T Run<T>(Func<T> inference)
    {
        try
        {
            return inference();
        }
        catch (ArgumentException e)
        {
            throw new UserError(e.Message);
        }
    }

    private static void Run(Action inference) => Run(() =>
    {
        inference();
        return true;
    });
}
