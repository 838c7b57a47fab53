using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Architectures;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests.Support;

/// <summary>The zoo's models by name, built as reference/zoo_nets.py builds its PyTorch twins.</summary>
internal static class Zoo
{
    /// <summary>
    /// The model <paramref name="name"/> (a key of zoo_nets.NETS) with <paramref name="classes"/> and VGG base <paramref name="width"/>
    /// (the backbones have no classes; the ResNet networks no width).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(string name, long classes, long width) => name switch
    {
        "VGG16" => new VGG16(width),
        "VGG16BN" => new VGG16BN(width),
        "SegNetFloor" => new SegNetFloor(classes, width),
        "DeepLabV2" => new DeepLabV2(classes),
        "DeepLabV3Plus" => new DeepLabV3Plus(classes),
        "FCN32s" => new FCN32s(classes, width),
        "FCN16s" => new FCN16s(classes, width),
        "FCN8s" => new FCN8s(classes, width),
        "FCN8sAtOnce" => new FCN8s(classes, width, pool4_scale: 0.01, pool3_scale: 0.0001),
        "SegNet" => new SegNet(classes, width),
        "BayesianSegNet" => new BayesianSegNet(classes, width),
        "DeconvNet" => new DeconvNet(classes, width),
        "DeepLabLargeFOV" => new DeepLabLargeFOV(classes, width),
        "UNet" => new UNet(classes, width),
        _ => throw new ArgumentException($"no zoo model {name}"),
    };

    /// <summary>The generated static cost formula of model <paramref name="name"/> at that size and hyperparameters.</summary>
    public static long MultiplyAccumulates(string name, long classes, long width, long height, long imageWidth) => name switch
    {
        "VGG16" => VGG16.MultiplyAccumulates(height, imageWidth, width),
        "VGG16BN" => VGG16BN.MultiplyAccumulates(height, imageWidth, width),
        "SegNetFloor" => SegNetFloor.MultiplyAccumulates(height, imageWidth, classes, width),
        "DeepLabV2" => DeepLabV2.MultiplyAccumulates(height, imageWidth, classes),
        "DeepLabV3Plus" => DeepLabV3Plus.MultiplyAccumulates(height, imageWidth, classes),
        "FCN32s" => FCN32s.MultiplyAccumulates(height, imageWidth, classes, width),
        "FCN16s" => FCN16s.MultiplyAccumulates(height, imageWidth, classes, width),
        "FCN8s" or "FCN8sAtOnce" => FCN8s.MultiplyAccumulates(height, imageWidth, classes, width),
        "SegNet" => SegNet.MultiplyAccumulates(height, imageWidth, classes, width),
        "BayesianSegNet" => BayesianSegNet.MultiplyAccumulates(height, imageWidth, classes, width),
        "DeconvNet" => DeconvNet.MultiplyAccumulates(height, imageWidth, classes, width),
        "DeepLabLargeFOV" => DeepLabLargeFOV.MultiplyAccumulates(height, imageWidth, classes, width),
        "UNet" => UNet.MultiplyAccumulates(height, imageWidth, classes, width),
        _ => throw new ArgumentException($"no zoo model {name}"),
    };

    /// <summary>Runs reference/zoo.py for <paramref name="name"/> and returns the tensors it wrote (the caller disposes them).</summary>
    public static Dictionary<string, Tensor> Reference(string name, long classes, long width, params string[] arguments)
    {
        var output = Path.Combine(Path.GetTempPath(), $"seggen-zoo-{name}-{Guid.NewGuid():N}.safetensors");
        try
        {
            PyTorchReference.Run("zoo.py", [name, classes.ToString(), width.ToString(), output, .. arguments]);
            return Safetensors.Load(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The entries under <paramref name="prefix"/>, without it.</summary>
    public static Dictionary<string, Tensor> Under(this IReadOnlyDictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(t => t.Key[prefix.Length..], t => t.Value);
}
