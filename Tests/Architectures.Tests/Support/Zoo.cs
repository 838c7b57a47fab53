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
    /// The model <paramref name="name"/> (a key of zoo.py's MODELS) with <paramref name="classes"/> and VGG base
    /// <paramref name="width"/> (the ResNet-based models have torchvision's fixed widths and ignore it).
    /// </summary>
    public static ZooNet Create(string name, long classes, long width) => name switch
    {
        "VGG16" => Single(new VGG16(width)),
        "VGG16BN" => Single(new VGG16BN(width)),
        "SegNetFloor" => Single(new SegNetFloor(classes, width)),
        "DeepLabV2" => Single(new DeepLabV2(classes)),
        "DeepLabV3Plus" => Single(new DeepLabV3Plus(classes)),
        "FCN32s" => Single(new FCN32s(classes, width)),
        "FCN16s" => Single(new FCN16s(classes, width)),
        "FCN8s" => Single(new FCN8s(classes, width)),
        "FCN8sAtOnce" => Single(new FCN8s(classes, width, pool4_scale: 0.01, pool3_scale: 0.0001)),
        "SegNet" => Single(new SegNet(classes, width)),
        "BayesianSegNet" => Single(new BayesianSegNet(classes, width)),
        "DeconvNet" => Single(new DeconvNet(classes, width)),
        "DeepLabLargeFOV" => Single(new DeepLabLargeFOV(classes, width)),
        "UNet" => Single(new UNet(classes, width)),
        "FCNResNet50" => WithAux(new FCNResNet50(classes), o => (o.@out, o.aux)),
        "DeepLabV3ResNet50" => WithAux(new DeepLabV3ResNet50(classes), o => (o.@out, o.aux)),
        "DeepLabV3ResNet101" => WithAux(new DeepLabV3ResNet101(classes), o => (o.@out, o.aux)),
        _ => throw new ArgumentException($"no zoo model {name}"),
    };

    private static ZooNet Single(nn.Module<Tensor, Tensor> net) => new(net, x => new Dictionary<string, Tensor> { ["out"] = net.forward(x) });

    /// <summary>torchvision's segmentation models: outputs 'out' and 'aux', as its dict.</summary>
    private static ZooNet WithAux<TOutputs>(nn.Module<Tensor, TOutputs> net, Func<TOutputs, (Tensor Out, Tensor Aux)> outputs) => new(net, x =>
    {
        var (@out, aux) = outputs(net.forward(x));
        return new Dictionary<string, Tensor> { ["out"] = @out, ["aux"] = aux };
    });

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
        "FCNResNet50" => FCNResNet50.MultiplyAccumulates(height, imageWidth, classes),
        "DeepLabV3ResNet50" => DeepLabV3ResNet50.MultiplyAccumulates(height, imageWidth, classes),
        "DeepLabV3ResNet101" => DeepLabV3ResNet101.MultiplyAccumulates(height, imageWidth, classes),
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

/// <summary>A zoo model as the tests drive it: the module, and its forward giving each output by name ('out' for a single output).</summary>
internal sealed class ZooNet(nn.Module module, Func<Tensor, IReadOnlyDictionary<string, Tensor>> forward) : IDisposable
{
    public nn.Module Module => module;

    public IReadOnlyDictionary<string, Tensor> Forward(Tensor input) => forward(input);

    public void Dispose() => module.Dispose();
}
