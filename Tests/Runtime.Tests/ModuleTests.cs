using System.Collections.Generic;
using System.Linq;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>Modules against reference/modules.py: the same seed gives the same weights, names and outputs.</summary>
[Collection(GlobalRandomCollection.Name)]
public class ModuleTests
{
    /// <summary>The C# twin of modules.py's Net, registered under the same names.</summary>
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential backbone;
        private readonly ConvTranspose2d up;
        private readonly Conv2d head;

        public Net() : base(nameof(Net))
        {
            backbone = register_module(nameof(backbone), nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2)));
            up = register_module(nameof(up), nn.ConvTranspose2d(8, 4, 4, stride: 2, padding: 1, bias: false));
            head = register_module(nameof(head), nn.Conv2d(4, 5, 1));
        }

        public override Tensor forward(Tensor input)
        {
            using var features = backbone.forward(input);
            using var upsampled = up.forward(features);
            return head.forward(upsampled);
        }
    }

    private static IReadOnlyDictionary<string, Tensor> Reference => PyTorchReference.Load("modules.py");

    private static Dictionary<string, Tensor> WithPrefix(string prefix) =>
        Reference.Where(kv => kv.Key.StartsWith(prefix)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    [Fact]
    public void StateDictHasPyTorchsDottedNamesInPyTorchsOrder()
    {
        using var net = new Net();
        Assert.Equal(WithPrefix("init.").Keys, net.state_dict().Keys);
    }

    [Fact]
    public void SeededConstructionInitialisesExactlyAsPyTorch()
    {
        manual_seed(0);
        using var net = new Net();
        foreach (var (name, expected) in WithPrefix("init.")) TensorAssert.Equal(expected, net.state_dict()[name], name);
    }

    [Fact]
    public void TrainModeForwardMatchesPyTorchAndUpdatesBatchNormBuffers()
    {
        using var net = new Net();
        net.load_state_dict(WithPrefix("init."));
        net.train();
        using var output = net.forward(Reference["input"]);
        TensorAssert.Close(Reference["train.output"], output, 1e-5);
        foreach (var (name, expected) in WithPrefix("after_train.")) TensorAssert.Close(expected, net.state_dict()[name], what: name);
    }

    [Fact]
    public void EvalModeUsesRunningStatistics()
    {
        using var net = new Net();
        net.load_state_dict(WithPrefix("after_train."));
        net.eval();
        using var output = net.forward(Reference["input"]);
        TensorAssert.Close(Reference["eval.output"], output, 1e-5);
        Assert.All(net.named_modules(), m => Assert.False(m.module.training, m.name));
    }

    [Fact]
    public void NamedParametersListTrainableTensorsOnlyAndBuffersTheRest()
    {
        using var net = new Net();
        Assert.Equal(
            ["backbone.0.weight", "backbone.0.bias", "backbone.1.weight", "backbone.1.bias", "up.weight", "head.weight", "head.bias"],
            net.named_parameters().Select(p => p.name));
        Assert.Equal(["backbone.1.running_mean", "backbone.1.running_var", "backbone.1.num_batches_tracked"],
            net.named_buffers().Select(b => b.name));
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void StrictLoadNamesMissingAndUnexpectedKeys()
    {
        using var net = new Net();
        var state = WithPrefix("init.");
        state.Remove("head.bias");
        state["head.extra"] = Reference["input"];
        var error = Assert.Throws<TorchException>(() => net.load_state_dict(state));
        Assert.Contains("missing keys: head.bias", error.Message);
        Assert.Contains("unexpected keys: head.extra", error.Message);
    }

    [Fact]
    public void NonStrictLoadReportsKeysAndStillLoadsTheRest()
    {
        using var net = new Net();
        var state = WithPrefix("init.");
        state.Remove("head.bias");
        var report = net.load_state_dict(state, strict: false);
        Assert.Equal(["head.bias"], report.missing_keys);
        Assert.Empty(report.unexpected_keys);
        TensorAssert.Equal(state["up.weight"], net.state_dict()["up.weight"]);
    }

    [Fact]
    public void ShapeMismatchIsAnErrorEvenWhenNotStrict()
    {
        using var net = new Net();
        var state = WithPrefix("init.");
        state["head.weight"] = Reference["input"];
        var error = Assert.Throws<TorchException>(() => net.load_state_dict(state, strict: false));
        Assert.Contains("head.weight: checkpoint [2, 3, 10, 12], model [5, 4, 1, 1]", error.Message);
    }

    [Fact]
    public void ConvertingToAnotherDtypeKeepsTheSameParameterObjects()
    {
        using var net = new Net();
        var before = net.parameters().ToList();
        net.to(ScalarType.Float64);
        Assert.Equal(before, net.parameters());
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Int64, net.state_dict()["backbone.1.num_batches_tracked"].dtype);
    }

    [Fact]
    public void DuplicateMemberNamesAreRejected()
    {
        using var sequential = nn.Sequential(nn.ReLU());
        var error = Assert.Throws<System.ArgumentException>(() => sequential.register_module("0", nn.ReLU()));
        Assert.Contains("already has a member named '0'", error.Message);
    }
}
