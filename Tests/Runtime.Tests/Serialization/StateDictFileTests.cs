using System;
using System.IO;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using SegGen.Torch.Serialization;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Serialization;

/// <summary><c>module.load_state_dict(path)</c> and <c>torch.load(path)</c> on PyTorch's checkpoint of checkpoint.py's model.</summary>
public sealed class StateDictFileTests : FileTests
{
    private static readonly string Checkpoint = PyTorchCheckpointTests.Reference("model.pt");

    /// <summary>checkpoint.py's model with its last layer under another name: layers 0 and 1 match the checkpoint, "head" does not.</summary>
    private static Sequential RenamedHead() =>
        nn.Sequential(("0", nn.Conv2d(3, 8, 3, padding: 1)), ("1", nn.BatchNorm2d(8)), ("head", nn.Conv2d(8, 4, 1)));

    [Fact]
    public void NonStrictLoadReportsMissingAndUnexpectedKeysByNameAndLoadsTheRest()
    {
        using var model = RenamedHead();
        var report = model.load_state_dict(Checkpoint, strict: false);
        Assert.Equal(["head.weight", "head.bias"], report.missing_keys);
        Assert.Equal(["4.weight", "4.bias"], report.unexpected_keys);
        Assert.Empty(report.shape_mismatches);
        Assert.Equal(3, ((BatchNorm2d)model[1]).num_batches_tracked!.item<long>());
    }

    [Fact]
    public void StrictLoadRefusesMissingAndUnexpectedKeysNamingEach()
    {
        using var model = RenamedHead();
        var error = Assert.Throws<TorchException>(() => model.load_state_dict(Checkpoint));
        Assert.Contains("missing keys: head.weight, head.bias", error.Message);
        Assert.Contains("unexpected keys: 4.weight, 4.bias", error.Message);
    }

    [Fact]
    public void ShapeMismatchIsRefusedEvenWhenNotStrictNamingTheKeyAndBothShapes()
    {
        using var model = nn.Sequential(nn.Conv2d(3, 16, 3, padding: 1));
        var error = Assert.Throws<TorchException>(() => model.load_state_dict(Checkpoint, strict: false));
        Assert.Contains("0.weight: checkpoint [8, 3, 3, 3], model [16, 3, 3, 3]", error.Message);
        Assert.Contains("0.bias: checkpoint [8], model [16]", error.Message);
    }

    [Fact]
    public void LoadTellsSafetensorsFromPyTorchCheckpointsByContentNotByName()
    {
        using var scope = NewDisposeScope();
        var fromPyTorch = load(Checkpoint);
        var safetensorsNamedPt = Temporary.File("weights.pt");
        Safetensors.Save(safetensorsNamedPt, fromPyTorch);
        var checkpointNamedSafetensors = Temporary.File("weights.safetensors");
        File.Copy(Checkpoint, checkpointNamedSafetensors);

        foreach (var path in new[] { safetensorsNamedPt, checkpointNamedSafetensors })
        {
            var loaded = load(path);
            Assert.Equal(fromPyTorch.Keys, loaded.Keys);
            foreach (var (name, tensor) in loaded) TensorAssert.Equal(fromPyTorch[name], tensor, $"{Path.GetFileName(path)}: {name}");
        }
    }

    [Fact]
    public void LoadOfAFileInNeitherFormatIsInvalidDataNamingThePath()
    {
        var path = Temporary.File("notes.txt");
        File.WriteAllText(path, "no tensors here");
        var error = Assert.Throws<InvalidDataException>(() => load(path));
        Assert.StartsWith(path + ": not a PyTorch checkpoint", error.Message);
    }
}
