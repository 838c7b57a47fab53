using System;
using System.CommandLine;
using SegGen.Cli.Models;

namespace SegGen.Cli;

/// <summary><c>seggen predict MODEL INPUT --weights FILE</c>: masks and overlays for images, or logits for a safetensors tensor.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A zoo model (seggen models lists them)" };
        var input = new Argument<string>("input")
        {
            Description = "A PNG or JPEG image, a folder of them, or a .safetensors file holding a float tensor 'input' [N, C, H, W] (fed as is)",
        };
        var weights = new Option<string>("--weights")
        {
            Description = "The model's weights: a SegGen training checkpoint, a safetensors state dict or a PyTorch .pt state dict",
            Required = true,
        };
        var output = Option("--output", "Folder for the masks, overlays and logits", "predictions");
        var hyperparameters = ModelOptions.Hyperparameters();
        var tile = Option("--tile", "Sliding-window inference with square tiles of this size (0: the whole image at once)", 0);
        var overlap = Option("--overlap", "Pixels shared by neighbouring tiles, whose scores are averaged", 32);
        var scales = Option("--scales", "Scales to average over, separated by commas (e.g. 0.75,1,1.25)", "1");
        var flip = new Option<bool>("--flip") { Description = "Average with the left-right mirrored image too" };
        var probabilities = new Option<bool>("--probabilities") { Description = "Average softmax probabilities instead of logits (and write them)" };
        var samples = Option("--samples", "Monte Carlo dropout (Bayesian SegNet): passes with dropout on, giving mean probabilities and an uncertainty map (0: off)", 0);
        var normalize = Option("--normalize", "Image scaling: unit ([0, 1], as seggen train feeds) or imagenet (then ImageNet's mean and std)", InputNormalization.Unit);
        var threads = Option("--threads", "libtorch threads (default: the machine's cores)", Environment.ProcessorCount);

        var command = new Command("predict",
            "Segment an image or a folder of images (palette mask, colour overlay, uncertainty with --samples), or a safetensors tensor 'input' into a safetensors file of 'logits'")
        {
            model, input, weights, output, hyperparameters, tile, overlap, scales, flip, probabilities, samples, normalize, threads,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "predict", () =>
        {
            var options = new PredictOptions
            {
                Model = parse.GetValue(model)!,
                Input = parse.GetValue(input)!,
                Weights = parse.GetValue(weights)!,
                Output = parse.GetValue(output)!,
                Hyperparameters = parse.GetValue(hyperparameters) ?? [],
                Tile = parse.GetValue(tile),
                Overlap = parse.GetValue(overlap),
                Scales = parse.GetValue(scales)!,
                Flip = parse.GetValue(flip),
                AverageProbabilities = parse.GetValue(probabilities),
                Samples = parse.GetValue(samples),
                Normalize = parse.GetValue(normalize),
                Threads = parse.GetValue(threads),
            };
            if (options.Samples is < 0 or 1) throw new UserError($"--samples must be 0 (off) or at least 2, got {options.Samples}");
            if (options.Tile < 0) throw new UserError($"--tile must be 0 (off) or a tile size, got {options.Tile}");
            if (options.Threads < 1) throw new UserError($"--threads must be at least 1, got {options.Threads}");
            return new PredictJob(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error).Run();
        }));
        return command;
    }

    private static Option<T> Option<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };
}
