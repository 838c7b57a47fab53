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
    private readonly ConvolutionHandle handle =
        PreparedConvolution.Create(conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, outputPadding: null, norm, sum, relu);

    /// <summary>The convolution of <paramref name="input"/> (of any layout), with ReLU if fused.</summary>
    public Tensor forward(Tensor input) => new(NativeMethods.sg_conv_forward(handle, input.Handle, TensorHandle.Null));

    /// <summary>
    /// The convolution of <paramref name="input"/> added onto <paramref name="accumulate"/>, with ReLU if fused. The
    /// result is written into <paramref name="accumulate"/> when it is channels-last (the caller hands over a tensor
    /// nothing else reads), else into a new tensor.
    /// </summary>
    public Tensor forward(Tensor input, Tensor accumulate) => new(NativeMethods.sg_conv_forward(handle, input.Handle, accumulate.Handle));

    public void Dispose() => handle.Dispose();
}
