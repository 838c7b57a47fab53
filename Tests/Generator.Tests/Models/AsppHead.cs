using SegGen;
using SegGen.Torch.Modules;
using static SegGen.Torch.torch;

namespace Tests;

// DeepLabV3's atrous spatial pyramid pooling on a small backbone: parallel dilated branches and image
// pooling read the backbone, are concatenated and fused; fields, get-only properties, taps, hyperparameters
// in channel counts and number arguments, several outputs.
[Model(Summary = "An ASPP head on a small backbone.")]
[Hyperparameter("classes", 4), Hyperparameter("width", 8), Hyperparameter("drop", 0.1)]
[Input("image", "N", 3, "H", "W")]
[Output("logits", nameof(score), "N", "classes", "H", "W")]
[Output("features", "backbone.3")]
public partial class AsppHead
{
    [Conv("c", 3, pad: 1), BatchNorm, ReLU] static partial void cbr(long c);

    [Macro(nameof(cbr), nameof(width)), MaxPool(2), Macro(nameof(cbr), "2*width")] public partial nn.Module? backbone { get; }
    [Conv(nameof(width), 1)] public Conv2d b0 { get; }
    [From(nameof(backbone)), Conv(nameof(width), 3, pad: 2, dilation: 2), ReLU] public partial nn.Module? b1 { get; }
    [From(nameof(backbone)), Conv(nameof(width), 3, pad: 4, dilation: 4), ReLU] public partial nn.Module? b2 { get; }
    [From(nameof(backbone)), Gap, Conv(nameof(width), 1), ReLU, Upsample(like: nameof(backbone), mode: "nearest")] public partial nn.Module? pool { get; }
    [From(nameof(b0)), Concat(nameof(b1), nameof(b2), nameof(pool))] public partial nn.Module? cat { get; }
    [Conv(nameof(width), 1, bias: false)] readonly Conv2d project;
    [BatchNorm(eps: 1e-3)] readonly BatchNorm2d project_bn;
    [ReLU, Dropout(nameof(drop))] public partial nn.Module? act { get; }
    [Conv(nameof(classes), 1), Upsample(like: "image")] public partial nn.Module? score { get; }
}
