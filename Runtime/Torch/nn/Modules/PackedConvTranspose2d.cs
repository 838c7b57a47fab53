using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A transposed convolution prepared for inference (see <see cref="PackedConvolution"/>). oneDNN takes output padding as
/// less padding at the far end, so it must not exceed the padding.
/// </summary>
/// <param name="deconv">The transposed convolution; its weights are copied.</param>
/// <param name="norm">The eval-mode batch norm that reads only the transposed convolution's result, folded in; null for none.</param>
/// <param name="sum">The result is added onto a tensor given to <see cref="PackedConvolution.forward(Tensor, Tensor)"/>, which it overwrites.</param>
/// <param name="relu">ReLU is applied to the result (after the sum).</param>
public sealed class PackedConvTranspose2d(ConvTranspose2d deconv, BatchNorm2d? norm = null, bool sum = false, bool relu = false)
    : PackedConvolution(deconv.weight, deconv.bias, deconv.stride, deconv.padding, deconv.dilation, deconv.groups, deconv.output_padding, norm, sum, relu);
