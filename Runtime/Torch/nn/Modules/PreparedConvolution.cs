using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>What <see cref="PackedConv2d"/> and <see cref="PackedConvTranspose2d"/> share: folding a batch norm into the weights and making the native convolution.</summary>
internal static class PreparedConvolution
{
    /// <summary>
    /// The native (transposed) convolution, on copies of its own of the weights (the native side keeps them dense
    /// until its first call, and the module's may change), with <paramref name="norm"/> folded in.
    /// </summary>
    public static unsafe ConvolutionHandle Create(Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups,
        long[]? outputPadding, BatchNorm2d? norm, bool sum, bool relu)
    {
        using var _ = no_grad();
        var transposed = outputPadding is not null;
        var (w, b) = norm is null ? (weight.clone(), bias?.clone()) : Fold(weight, bias, groups, transposed, norm);
        using (w)
        using (b)
        {
            fixed (long* s = stride, p = padding, d = dilation, o = outputPadding)
            {
                return NativeMethods.Check(NativeMethods.sg_conv_new(w.Handle, b?.Handle ?? TensorHandle.Null, s, p, d, groups, transposed, o, sum, relu));
            }
        }
    }

    /// <summary>
    /// Weight and bias with an eval-mode batch norm after the convolution folded in: w·γ/√(σ²+ε) per output channel
    /// and (b−μ)·γ/√(σ²+ε)+β, as TorchScript's freeze. A transposed convolution's weight holds output channels in its
    /// second dimension, per group.
    /// </summary>
    private static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor? bias, long groups, bool transposed, BatchNorm2d norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new TorchException("a batch norm without running statistics normalises by each batch even in eval mode: it cannot be folded into a convolution");
        }
        using var std = norm.running_var.add(norm.eps).sqrt();
        using var scale = norm.weight is null ? std.reciprocal() : norm.weight.div(std);
        Tensor folded;
        if (transposed)
        {
            var (k1, k2) = (weight.size(2), weight.size(3));
            using var grouped = weight.view(groups, -1, weight.size(1), k1, k2);
            using var perChannel = scale.view(groups, 1, -1, 1, 1);
            using var scaled = grouped.mul(perChannel);
            folded = scaled.view(weight.shape);
        }
        else
        {
            using var perChannel = scale.view(-1, 1, 1, 1);
            folded = weight.mul(perChannel);
        }
        using var centred = bias is null ? norm.running_mean.neg() : bias.sub(norm.running_mean);
        using var shifted = centred.mul(scale);
        return (folded, norm.bias is null ? shifted.alias() : shifted.add(norm.bias));
    }
}
