using System;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Contracts;

/// <summary>The checks generated <c>forward</c> methods run on their inputs before any libtorch call.</summary>
public static class ModelGuard
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the model, the input, the expected shape and
    /// the actual one when <paramref name="input"/> is not [N, <paramref name="channels"/>, H, W] with
    /// accepted H and W (input number <paramref name="index"/> of <paramref name="model"/>).
    /// </summary>
    public static void Check(ModelContract model, int index, Tensor input, long channels)
    {
        var contract = model.Inputs[index];
        Span<long> shape = stackalloc long[4];
        var rank = input.CopySizes(shape);
        string? problem = null;
        if (rank != 4) problem = $"a rank-{rank} tensor";
        else if (shape[1] != channels) problem = $"{shape[1]} channels instead of {channels}";
        else if (!contract.Accepts(shape[2], shape[3])) problem = SizeProblem(contract, shape[2], shape[3]);
        if (problem is null) return;
        throw new ArgumentException($"{model.Model}: input '{contract.Name}' expects {contract.Shape} with {contract.Height}; {contract.Width}, got [{string.Join(", ", input.shape)}]: {problem}", contract.Name);
    }

    private static string SizeProblem(InputContract contract, long height, long width)
    {
        var (nextHeight, nextWidth) = (contract.Height.NextAccepted(height), contract.Width.NextAccepted(width));
        var rejected = !contract.Height.Accepts(height) && !contract.Width.Accepts(width) ? "both sizes are" : !contract.Height.Accepts(height) ? $"{contract.Height.Symbol} = {height} is" : $"{contract.Width.Symbol} = {width} is";
        return nextHeight > 0 && nextWidth > 0
            ? $"{rejected} not accepted; pad to {nextHeight}×{nextWidth}"
            : $"{rejected} not accepted";
    }
}
