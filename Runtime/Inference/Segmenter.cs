using System;
using SegGen.Contracts;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Inference;

/// <summary>Per-pixel class probabilities averaged over Monte Carlo dropout samples, and their spread.</summary>
/// <param name="Mean">[N, K, H, W]: the mean softmax over the samples.</param>
/// <param name="Variance">[N, H, W]: each pixel's variance over the samples, averaged over the classes (Bayesian SegNet's uncertainty).</param>
public sealed record Uncertainty(Tensor Mean, Tensor Variance) : IDisposable
{
    public void Dispose()
    {
        Mean.Dispose();
        Variance.Dispose();
    }
}

/// <summary>
/// A segmentation model ready for inference at any image size: scores come from the model padded to its
/// contract and cropped back, optionally by sliding window, averaged over scales and flips; and
/// Bayesian SegNet's uncertainty from repeated passes with dropout left on.
/// </summary>
/// <param name="module">
/// The model, switched to eval mode and prepared by <see cref="nn.Module.optimize_for_inference"/> on first use (again after
/// <c>train()</c> or <c>load_state_dict</c>); change its weights any other way and call <c>optimize_for_inference()</c> yourself.
/// </param>
/// <param name="forward">The model's main output for a batch of images [N, C, H, W]: scores [N, K, h, w].</param>
/// <param name="contract">The sizes the model's input accepts.</param>
/// <param name="outputsProbabilities">The model ends in a softmax, so its outputs are probabilities already.</param>
public sealed class Segmenter(nn.Module module, Func<Tensor, Tensor> forward, InputContract contract, bool outputsProbabilities = false)
{
    /// <summary>Scores of <paramref name="images"/> [N, C, H, W] as [N, K, H, W]: logits, or probabilities when averaged as such or the model gives them.</summary>
    /// <exception cref="ArgumentException">The options are invalid for this model (a tile size its contract rejects, …).</exception>
    public Tensor Predict(Tensor images, InferenceOptions options)
    {
        Validate(options);
        Prepare();
        using var gradients = no_grad();
        return Score(images, options, options.AverageProbabilities);
    }

    /// <summary>
    /// Monte Carlo dropout (Bayesian SegNet): <paramref name="samples"/> passes with batch norm in eval mode and dropout
    /// sampling, each giving softmax probabilities; their mean and per-pixel variance.
    /// </summary>
    public Uncertainty Sample(Tensor images, int samples, InferenceOptions options)
    {
        if (samples < 2) throw new ArgumentException($"Monte Carlo dropout needs at least 2 samples, got {samples}");
        Validate(options);
        Prepare();
        module.sample_dropout();
        using var gradients = no_grad();
        using var scope = NewDisposeScope();
        try
        {
            // Sums of differences from the first sample (shifted data): stable, and exactly zero when all samples agree.
            var first = Score(images, options, probabilities: true);
            var sum = zeros_like(first);
            var squares = zeros_like(first);
            for (var i = 1; i < samples; i++)
            {
                using var sampleScope = NewDisposeScope();
                var difference = Score(images, options, probabilities: true).sub_(first);
                sum.add_(difference);
                squares.add_(difference.mul(difference));
            }
            var meanDifference = sum.div(samples);
            var mean = first.add(meanDifference);
            var variance = squares.div(samples).sub_(meanDifference.mul(meanDifference)).clamp(0).mean(1);
            return new Uncertainty(mean.MoveToOuterDisposeScope(), variance.MoveToOuterDisposeScope());
        }
        finally
        {
            module.sample_dropout(false);
        }
    }

    /// <exception cref="ArgumentException">The options are invalid, or invalid for this model (a tile size its contract rejects).</exception>
    public void Validate(InferenceOptions options)
    {
        if (options.Problem() is { } problem) throw new ArgumentException(problem);
        if (options.Tiles is { } tiles && !contract.Accepts(tiles.Height, tiles.Width))
        {
            var (height, width) = ContractPadding.PaddedSize(contract, tiles.Height, tiles.Width);
            throw new ArgumentException($"tile {tiles.Height}×{tiles.Width} is not accepted by input '{contract.Name}' ({contract.Height}; {contract.Width}); the next accepted tile is {height}×{width}");
        }
    }

    /// <summary>Eval mode on weights prepared by optimize_for_inference(), prepared again only after something dropped them.</summary>
    private void Prepare()
    {
        if (!module.inference_optimized) module.optimize_for_inference();
    }

    private Tensor Score(Tensor images, InferenceOptions options, bool probabilities)
    {
        Func<Tensor, Tensor> padded = x => ContractPadding.Run(probabilities && !outputsProbabilities ? Softmax : forward, contract, x, options.PadValue);
        Func<Tensor, Tensor> view = options.Tiles is { } tiles ? x => SlidingWindow.Run(padded, x, tiles) : padded;
        return TestTimeAugmentation.Run(view, images, options.Scales, options.Flip);
    }

    private Tensor Softmax(Tensor images)
    {
        using var scores = forward(images);
        return scores.softmax(1);
    }
}
