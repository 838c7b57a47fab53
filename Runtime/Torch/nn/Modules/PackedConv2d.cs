using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>A convolution prepared for inference (see <see cref="PackedConvolution"/>).</summary>
/// <param name="conv">The convolution; its weights are copied.</param>
/// <param name="norm">The eval-mode batch norm that reads only the convolution's result, folded in; null for none.</param>
/// <param name="sum">The result is added onto a tensor given to <see cref="PackedConvolution.forward(Tensor, Tensor)"/>, which it overwrites.</param>
/// <param name="relu">ReLU is applied to the result (after the sum).</param>
public sealed class PackedConv2d(Conv2d conv, BatchNorm2d? norm = null, bool sum = false, bool relu = false)
    : PackedConvolution(conv.weight, conv.bias, conv.stride, conv.padding, conv.dilation, conv.groups, outputPadding: null, norm, sum, relu);
