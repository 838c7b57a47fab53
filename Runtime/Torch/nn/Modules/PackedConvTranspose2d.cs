using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A transposed convolution prepared for inference by <see cref="nn.Module.optimize_for_inference"/> and run by
/// oneDNN directly on channels-last tensors, its weight reordered once (<see cref="ConvTranspose2d"/> runs libtorch's
/// im2col and matrix product on every call). It is a snapshot of the weights when it was made; it computes no
/// gradients; results are channels-last. oneDNN takes output padding as less padding at the far end, so it must not
/// exceed the padding.
/// </summary>
/// <param name="deconv">The transposed convolution; its weights are copied.</param>
public sealed class PackedConvTranspose2d(ConvTranspose2d deconv) : IDisposable
{
    private readonly ConvolutionHandle handle = Prepare(deconv);

    /// <summary>The transposed convolution of <paramref name="input"/> (of any layout).</summary>
    public Tensor forward(Tensor input) => new(NativeMethods.sg_conv_forward(handle, input.Handle, TensorHandle.Null));

    private static unsafe ConvolutionHandle Prepare(ConvTranspose2d deconv)
    {
        using var _ = no_grad();
        // Copies of their own: the native side keeps them (dense until its first call) and the module's may change.
        using var weight = deconv.weight.clone();
        using var bias = deconv.bias?.clone();
        fixed (long* stride = deconv.stride, padding = deconv.padding, dilation = deconv.dilation, outputPadding = deconv.output_padding)
        {
            return NativeMethods.Check(NativeMethods.sg_conv_new(weight.Handle, bias?.Handle ?? TensorHandle.Null, stride, padding, dilation, deconv.groups,
                transposed: true, outputPadding, sum: false, relu: false));
        }
    }

    public void Dispose() => handle.Dispose();
}
