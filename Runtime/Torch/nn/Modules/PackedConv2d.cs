using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A convolution prepared for inference by <see cref="nn.Module.optimize_for_inference"/> and run by oneDNN directly
/// on channels-last (NHWC) tensors: the eval-mode batch norm that follows it folded into its weight and bias
/// (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β, as TorchScript's freeze), the weight reordered once into the layout oneDNN's
/// kernel wants (<see cref="Conv2d"/> redoes that on every call), and optionally what follows it in the graph fused
/// into the same pass: adding its result onto another tensor (<paramref name="sum"/>) and then ReLU. It is a snapshot
/// of the weights when it was made; it computes no gradients. Results are channels-last float32 CPU tensors.
/// </summary>
/// <param name="conv">The convolution; its weights are copied.</param>
/// <param name="norm">The eval-mode batch norm that reads only the convolution's result, folded in; null for none.</param>
/// <param name="sum">The result is added onto a tensor given to <see cref="forward(Tensor, Tensor)"/>, which it overwrites.</param>
/// <param name="relu">ReLU is applied to the result (after the sum).</param>
public sealed class PackedConv2d(Conv2d conv, BatchNorm2d? norm = null, bool sum = false, bool relu = false) : IDisposable
{
    private readonly ConvolutionHandle handle = Prepare(conv, norm, sum, relu);

    /// <summary>The convolution of <paramref name="input"/> (of any layout), with ReLU if fused.</summary>
    public Tensor forward(Tensor input) => new(NativeMethods.sg_conv_forward(handle, input.Handle, TensorHandle.Null));

    /// <summary>
    /// The convolution of <paramref name="input"/> added onto <paramref name="accumulate"/>, with ReLU if fused. The
    /// result is written into <paramref name="accumulate"/> when it is channels-last (the caller hands over a tensor
    /// nothing else reads), else into a new tensor.
    /// </summary>
    public Tensor forward(Tensor input, Tensor accumulate) => new(NativeMethods.sg_conv_forward(handle, input.Handle, accumulate.Handle));

    private static unsafe ConvolutionHandle Prepare(Conv2d conv, BatchNorm2d? norm, bool sum, bool relu)
    {
        using var _ = no_grad();
        // Copies of their own: the native side keeps them (dense until its first call) and the module's may change.
        var (weight, bias) = norm is null ? (conv.weight.clone(), conv.bias?.clone()) : Fold(conv, norm);
        using (weight)
        using (bias)
        {
            fixed (long* stride = conv.stride, padding = conv.padding, dilation = conv.dilation)
            {
                return NativeMethods.Check(NativeMethods.sg_conv_new(weight.Handle, bias?.Handle ?? TensorHandle.Null, stride, padding, dilation, conv.groups,
                    transposed: false, outputPadding: null, sum, relu));
            }
        }
    }

    private static (Tensor Weight, Tensor Bias) Fold(Conv2d conv, BatchNorm2d norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new TorchException("a batch norm without running statistics normalises by each batch even in eval mode: it cannot be folded into a convolution");
        }
        using var std = norm.running_var.add(norm.eps).sqrt();
        using var scale = norm.weight is null ? std.reciprocal() : norm.weight.div(std);
        using var perChannel = scale.view(-1, 1, 1, 1);
        var weight = conv.weight.mul(perChannel);
        using var centred = conv.bias is null ? norm.running_mean.neg() : conv.bias.sub(norm.running_mean);
        using var scaled = centred.mul(scale);
        var bias = norm.bias is null ? scaled.alias() : scaled.add(norm.bias);
        return (weight, bias);
    }

    public void Dispose() => handle.Dispose();
}
