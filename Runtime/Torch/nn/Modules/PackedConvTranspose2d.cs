using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A transposed convolution prepared for inference by <see cref="nn.Module.optimize_for_inference"/> and run by
/// oneDNN directly on channels-last tensors, as <see cref="PackedConv2d"/>: its weight reordered once
/// (<see cref="ConvTranspose2d"/> runs libtorch's im2col and matrix product on every call), the eval-mode batch norm
/// after it folded in, and optionally a sum onto another tensor and ReLU fused into its pass. It is a snapshot of the
/// weights when it was made; it computes no gradients; results are channels-last. oneDNN takes output padding as less
/// padding at the far end, so it must not exceed the padding.
/// </summary>
/// <param name="deconv">The transposed convolution; its weights are copied.</param>
/// <param name="norm">The eval-mode batch norm that reads only the transposed convolution's result, folded in; null for none.</param>
/// <param name="sum">The result is added onto a tensor given to <see cref="forward(Tensor, Tensor)"/>, which it overwrites.</param>
/// <param name="relu">ReLU is applied to the result (after the sum).</param>
public sealed class PackedConvTranspose2d(ConvTranspose2d deconv, BatchNorm2d? norm = null, bool sum = false, bool relu = false) : IDisposable
{
    private readonly ConvolutionHandle handle = PreparedConvolution.Create(deconv.weight, deconv.bias, deconv.stride, deconv.padding, deconv.dilation,
        deconv.groups, deconv.output_padding, norm, sum, relu);

    /// <summary>The transposed convolution of <paramref name="input"/> (of any layout), with ReLU if fused.</summary>
    public Tensor forward(Tensor input) => new(NativeMethods.sg_conv_forward(handle, input.Handle, TensorHandle.Null));

    /// <summary>As <see cref="PackedConv2d.forward(Tensor, Tensor)"/>: the result added onto <paramref name="accumulate"/>.</summary>
    public Tensor forward(Tensor input, Tensor accumulate) => new(NativeMethods.sg_conv_forward(handle, input.Handle, accumulate.Handle));

    public void Dispose() => handle.Dispose();
}
