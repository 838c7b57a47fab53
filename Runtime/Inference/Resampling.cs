using static SegGen.Torch.torch;

namespace SegGen.Inference;

internal static class Resampling
{
    /// <summary><paramref name="tensor"/> [N, C, h, w] resized bilinearly to <paramref name="height"/> × <paramref name="width"/>, or itself when it has that size.</summary>
    public static Tensor ToSize(Tensor tensor, long height, long width) =>
        tensor.size(2) == height && tensor.size(3) == width
            ? tensor
            : nn.functional.interpolate(tensor, size: [height, width], mode: SegGen.Torch.InterpolationMode.Bilinear, align_corners: false);
}
