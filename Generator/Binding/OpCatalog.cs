using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Common;

namespace SegGen.Generator.Binding;

public enum OpKind { Input, Conv, Deconv, BatchNorm, Relu, Dropout, MaxPool, Unpool, AvgPool, Gap, Upsample, Crop, Scale, Add, Concat, Softmax,
    /// <summary>An input of a used model: the use site's tensor, checked against the channels the model declares.</summary>
    BlockInput,
}

/// <summary>What an argument holds.</summary>
public enum ArgType
{
    /// <summary>A channel count: an integer expression in integer hyperparameters.</summary>
    Channels,
    /// <summary>A positive integer literal (it shapes H and W, so it must be known).</summary>
    Positive,
    /// <summary>A non-negative integer literal.</summary>
    NonNegative,
    /// <summary>A number, or a float hyperparameter.</summary>
    Number,
    Bool,
    /// <summary>A layer reference such as <c>enc5</c> or <c>backbone.pool4</c>.</summary>
    Reference,
    /// <summary>One of the words listed in <see cref="ArgSchema.Choices"/>.</summary>
    Choice,
}

/// <summary>One argument of an op: name (positional order is the schema order), type, default (null: required; "": optional without default).</summary>
public sealed record ArgSchema(string Name, ArgType Type, string? Default, params string[] Choices);

/// <summary>An op of the YAML/attribute vocabulary.</summary>
public sealed record OpSchema(string Name, OpKind Kind, string Summary, ArgSchema[] Args, bool TakesReferences = false);

/// <summary>The op vocabulary shared by both frontends, with PyTorch's defaults.</summary>
public static class OpCatalog
{
    public static readonly IReadOnlyList<OpSchema> All =
    [
        new("conv", OpKind.Conv, "2-D convolution (Conv2d)",
        [
            new("out", ArgType.Channels, null), new("k", ArgType.Positive, null), new("stride", ArgType.Positive, "1"),
            new("pad", ArgType.NonNegative, "0"), new("dilation", ArgType.Positive, "1"), new("groups", ArgType.Positive, "1"),
            new("bias", ArgType.Bool, "true"),
        ]),
        new("deconv", OpKind.Deconv, "transposed convolution (ConvTranspose2d); init=bilinear for FCN upsampling",
        [
            new("out", ArgType.Channels, null), new("k", ArgType.Positive, null), new("stride", ArgType.Positive, "1"),
            new("pad", ArgType.NonNegative, "0"), new("output_pad", ArgType.NonNegative, "0"), new("dilation", ArgType.Positive, "1"),
            new("groups", ArgType.Positive, "1"), new("bias", ArgType.Bool, "true"), new("init", ArgType.Choice, "default", "default", "bilinear"),
            new("frozen", ArgType.Bool, "false"),
        ]),
        new("batchnorm", OpKind.BatchNorm, "batch normalisation (BatchNorm2d)",
            [new("eps", ArgType.Number, "1e-05"), new("momentum", ArgType.Number, "0.1")]),
        new("relu", OpKind.Relu, "ReLU", []),
        new("dropout", OpKind.Dropout, "dropout; channels=true drops whole maps (Dropout2d); mc=true keeps it on at inference",
            [new("p", ArgType.Number, "0.5"), new("channels", ArgType.Bool, "false"), new("mc", ArgType.Bool, "false")]),
        new("maxpool", OpKind.MaxPool, "max pooling; indices=true keeps indices for unpool",
        [
            new("k", ArgType.Positive, null), new("stride", ArgType.Positive, ""), new("pad", ArgType.NonNegative, "0"),
            new("dilation", ArgType.Positive, "1"), new("ceil", ArgType.Bool, "false"), new("indices", ArgType.Bool, "false"),
        ]),
        new("unpool", OpKind.Unpool, "max unpooling with the indices and input size of a named max pool",
            [new("pool", ArgType.Reference, null)]),
        new("avgpool", OpKind.AvgPool, "average pooling",
        [
            new("k", ArgType.Positive, null), new("stride", ArgType.Positive, ""), new("pad", ArgType.NonNegative, "0"),
            new("ceil", ArgType.Bool, "false"), new("count_pad", ArgType.Bool, "true"),
        ]),
        new("gap", OpKind.Gap, "global average pooling to 1×1 (AdaptiveAvgPool2d(1))", []),
        new("upsample", OpKind.Upsample, "resize by scale= or to the size of like=",
        [
            new("scale", ArgType.Number, ""), new("like", ArgType.Reference, ""), new("mode", ArgType.Choice, "bilinear", "bilinear", "nearest"),
            new("align_corners", ArgType.Bool, "false"),
        ]),
        new("crop", OpKind.Crop, "crop to the size of like=, starting offset= pixels in (FCN)",
            [new("like", ArgType.Reference, null), new("offset", ArgType.NonNegative, "0")]),
        new("scale", OpKind.Scale, "multiply by a constant", [new("factor", ArgType.Number, null)]),
        new("add", OpKind.Add, "element-wise sum of the input and the referenced layers", [], TakesReferences: true),
        new("concat", OpKind.Concat, "concatenation along channels of the input and the referenced layers", [], TakesReferences: true),
        new("softmax", OpKind.Softmax, "softmax over channels", []),
    ];

    private static readonly Dictionary<string, OpSchema> ByName = All.ToDictionary(s => s.Name);

    public static OpSchema? Find(string name) => ByName.TryGetValue(name, out var schema) ? schema : null;

    /// <summary>The closest op name, for "did you mean" hints.</summary>
    public static string? Suggest(string name) => Names.Suggest(name, ByName.Keys);
}
