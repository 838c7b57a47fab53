using System;
using SegGen.Contracts;
using static SegGen.Torch.torch;

namespace SegGen.Inference;

/// <summary>
/// Runs a model on any input size: pads the bottom and right edges to the nearest size the model's contract
/// accepts, runs it, and crops the scores back to the input's size.
/// </summary>
public static class ContractPadding
{
    /// <summary>The smallest accepted height and width at least <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <exception cref="ArgumentException">The contract accepts no size that large.</exception>
    public static (long Height, long Width) PaddedSize(InputContract contract, long height, long width)
    {
        var (paddedHeight, paddedWidth) = (contract.Height.NextAccepted(height), contract.Width.NextAccepted(width));
        if (paddedHeight < 0 || paddedWidth < 0)
        {
            throw new ArgumentException($"input '{contract.Name}' accepts no size of at least {height}×{width} ({contract.Height}; {contract.Width})");
        }
        return (paddedHeight, paddedWidth);
    }

    /// <summary>
    /// <paramref name="forward"/> on <paramref name="input"/> [N, C, H, W] padded with <paramref name="value"/> to an accepted
    /// size; the result is [N, K, H, W]. A model whose output is smaller than its input (a stride-8 head) is resized
    /// bilinearly to the padded size before the crop.
    /// </summary>
    public static Tensor Run(Func<Tensor, Tensor> forward, InputContract contract, Tensor input, double value = 0)
    {
        var (height, width) = (input.size(2), input.size(3));
        var (paddedHeight, paddedWidth) = PaddedSize(contract, height, width);
        using var scope = NewDisposeScope();
        var padded = paddedHeight == height && paddedWidth == width
            ? input
            : nn.functional.pad(input, [0, paddedWidth - width, 0, paddedHeight - height], value: value);
        var scores = Resampling.ToSize(forward(padded), paddedHeight, paddedWidth);
        return scores.narrow(2, 0, height).narrow(3, 0, width).MoveToOuterDisposeScope();
    }
}
