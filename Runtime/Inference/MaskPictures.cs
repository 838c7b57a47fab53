using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Inference;

/// <summary>Pictures of predictions for people: class colours, colours blended over the image, uncertainty as grey levels.</summary>
public static class MaskPictures
{
    /// <summary>The colour of each pixel's class: <paramref name="mask"/> [H, W] (class indexes) through <paramref name="palette"/> uint8 [256, 3] gives uint8 [3, H, W].</summary>
    public static Tensor Colours(Tensor mask, Tensor palette)
    {
        using var scope = NewDisposeScope();
        var colours = palette.index_select(0, mask.flatten().@long()).view(mask.size(0), mask.size(1), 3).permute(2, 0, 1);
        return colours.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="image"/> uint8 [3, H, W] with the class colours of <paramref name="mask"/> over it at <paramref name="opacity"/>: uint8 [3, H, W].</summary>
    public static Tensor Overlay(Tensor image, Tensor mask, Tensor palette, double opacity = 0.5)
    {
        using var scope = NewDisposeScope();
        var colours = Colours(mask, palette).to(ScalarType.Float32);
        var blended = image.to(ScalarType.Float32).mul(1 - opacity).add_(colours.mul(opacity));
        return blended.round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="variance"/> [H, W] as a grey uint8 [1, H, W] picture, white at the image's largest variance
    /// (all black when the samples agreed everywhere).
    /// </summary>
    public static Tensor Uncertainty(Tensor variance)
    {
        using var scope = NewDisposeScope();
        var largest = variance.max().item<float>();
        var scaled = largest > 0 ? variance.div(largest).mul(255) : zeros_like(variance);
        return scaled.round().clamp(0, 255).to(ScalarType.Byte).unsqueeze(0).MoveToOuterDisposeScope();
    }
}
