using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A (transposed) convolution prepared for inference by <see cref="nn.Module.optimize_for_inference"/> and run by
/// oneDNN directly on channels-last (NHWC) tensors: the eval-mode batch norm that follows it folded into its weight and
/// bias (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β, as TorchScript's freeze), the weight reordered once into the layout oneDNN's
/// kernel wants (libtorch's modules redo that, or im2col, on every call), and optionally what follows it in the graph
/// fused into the same pass: adding its result onto another tensor and then ReLU. It is a snapshot of the weights when
/// it was made; it computes no gradients. Results are channels-last float32 CPU tensors.
/// </summary>
public abstract class PackedConvolution : IDisposable
{
    private readonly ConvolutionHandle handle;

    /// <summary>Whether its result is added onto a tensor given to <see cref="forward(Tensor, Tensor)"/>.</summary>
    public bool sums { get; }

    // outputPadding: a transposed convolution's; null for a convolution.
    private protected unsafe PackedConvolution(Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups,
        long[]? outputPadding, BatchNorm2d? norm, bool sum, bool relu)
    {
        using var _ = no_grad();
        var transposed = outputPadding is not null;
        sums = sum;
        // Copies of their own: the native side keeps them (dense until its first call) and the module's may change.
        var (w, b) = norm is null ? (weight.clone(), bias?.clone()) : Fold(weight, bias, groups, transposed, norm);
        using (w)
        using (b)
        {
            fixed (long* s = stride, p = padding, d = dilation, o = outputPadding)
            {
                handle = NativeMethods.Check(NativeMethods.sg_conv_new(w.Handle, b?.Handle ?? TensorHandle.Null, s, p, d, groups, transposed, o, sum, relu));
            }
        }
    }

    /// <summary>The (transposed) convolution of <paramref name="input"/> (of any layout), with ReLU if fused.</summary>
    public Tensor forward(Tensor input) => new(NativeMethods.sg_conv_forward(handle, input.Handle, TensorHandle.Null));

    /// <summary>
    /// The (transposed) convolution of <paramref name="input"/> added onto <paramref name="accumulate"/>, with ReLU if
    /// fused (made with <c>sum: true</c>). The result is written into <paramref name="accumulate"/> when it is
    /// channels-last (the caller hands over a tensor nothing else reads), else into a new tensor.
    /// </summary>
    public Tensor forward(Tensor input, Tensor accumulate) => new(NativeMethods.sg_conv_forward(handle, input.Handle, accumulate.Handle));

    internal ConvolutionHandle Handle => handle;

    public void Dispose() => handle.Dispose();

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
