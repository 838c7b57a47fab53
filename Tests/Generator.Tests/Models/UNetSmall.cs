using SegGen;
using SegGen.Torch.Modules;
using static SegGen.Torch.torch;

namespace Tests;

// Architectures/Models/UNetSmall.seg.yaml, written as an attributed class.
[Model(Summary = "A small U-Net (three poolings, bilinear upsampling, concatenated skips); SegGen's default model for quick training.")]
[Hyperparameter("classes", 5), Hyperparameter("width", 16)]
[Input("image", "N", 3, "H", "W")]
public partial class UNetSmall
{
    [Conv("out", 3, pad: 1, bias: false), BatchNorm, ReLU] static partial void cbr(long @out);
    [Macro(nameof(cbr), "out"), Macro(nameof(cbr), "out")] static partial void block(long @out);

    [Macro(nameof(block), nameof(width))] public partial nn.Module? enc1 { get; }
    [MaxPool(2), Macro(nameof(block), "2*width")] public partial nn.Module? enc2 { get; }
    [MaxPool(2), Macro(nameof(block), "4*width")] public partial nn.Module? enc3 { get; }
    [MaxPool(2), Macro(nameof(block), "8*width")] public partial nn.Module? mid { get; }
    [Upsample(like: nameof(enc3)), Concat(nameof(enc3)), Macro(nameof(block), "4*width")] public partial nn.Module? up3 { get; }
    [Upsample(like: nameof(enc2)), Concat(nameof(enc2)), Macro(nameof(block), "2*width")] public partial nn.Module? up2 { get; }
    [Upsample(like: nameof(enc1)), Concat(nameof(enc1)), Macro(nameof(block), nameof(width))] public partial nn.Module? up1 { get; }
    [Conv(nameof(classes), 1)] public Conv2d head { get; }
}
