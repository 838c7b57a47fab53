using System;
using System.Collections.Generic;
using System.Linq;
using SegGen.Architectures.Tests.Support;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests;

/// <summary>
/// optimize_for_inference(release_weights: true) on the zoo: the packed convolutions' and folded batch norms' own
/// weights are freed, the prepared forward gives the same output, everything that would need them throws a clear
/// InvalidOperationException, and load_state_dict gives the module its ordinary use back.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class WeightReleaseTests
{
    [Theory]
    [InlineData("SegNet", 11, 8)]
    [InlineData("FCN8s", 21, 8)]
    public void ReleasingFreesTheReplacedWeightsAndKeepsThePreparedOutput(string model, long classes, long width)
    {
        manual_seed(11);
        using var net = Zoo.Create(model, classes, width);
        BatchNormStatistics.Randomise(net.Module);
        using var input = randn(1, 3, 37, 53);
        using var _ = no_grad();
        net.Module.optimize_for_inference();
        var kept = Outputs(net, input);
        var replacedBytes = Bytes(net.Module.named_modules().Where(m => m.module is Conv2d or ConvTranspose2d or BatchNorm2d).SelectMany(m => OwnTensors(m.module)));
        var totalBytes = Bytes(AllTensors(net.Module));
        Assert.True(replacedBytes > 0);

        net.Module.optimize_for_inference(release_weights: true);

        Assert.True(net.Module.weights_released);
        Assert.All(net.Module.named_modules().Where(m => m.module is Conv2d or ConvTranspose2d or BatchNorm2d).SelectMany(m => OwnTensors(m.module)), t => Assert.Equal(0, t.numel()));
        Assert.Equal(totalBytes - replacedBytes, Bytes(AllTensors(net.Module)));
        foreach (var (name, released) in Outputs(net, input))
        {
            using (released)
            using (var expected = kept[name])
            {
                TensorAssert.Close(expected, released, atol: 1e-4, rtol: 0, what: $"{model} {name} with released weights");
            }
        }
    }

    [Fact]
    public void WhatNeedsTheReleasedWeightsThrowsAClearError()
    {
        manual_seed(12);
        using var net = new SegNet(classes: 3, width: 4);
        using var input = randn(1, 3, 20, 28);
        net.optimize_for_inference(release_weights: true);

        var attempts = new Dictionary<string, Action>
        {
            ["train()"] = () => net.train(),
            ["state_dict()"] = () => net.state_dict(),
            ["to()"] = () => net.to(ScalarType.Float64),
            ["optimize_for_inference()"] = () => net.optimize_for_inference(),
            // With gradients on, forward is the ordinary one, which reads the released weights.
            ["forward"] = () => net.forward(input).Dispose(),
        };
        foreach (var (operation, attempt) in attempts)
        {
            var error = Assert.Throws<InvalidOperationException>(attempt);
            Assert.Contains($"SegNet.{operation}", error.Message);
            Assert.Contains("release_weights: true", error.Message);
            Assert.Contains("load_state_dict", error.Message);
        }
        // A sub-module holding released weights refuses too.
        Assert.Throws<InvalidOperationException>(() => net.named_modules().First(m => m.module is Conv2d).module.train());
        Assert.True(net.weights_released);
        using (no_grad()) net.forward(input).Dispose();
    }

    [Fact]
    public void LoadStateDictNeedsEveryReleasedWeightAndRestoresOrdinaryTraining()
    {
        manual_seed(13);
        using var net = new SegNet(classes: 3, width: 4);
        BatchNormStatistics.Randomise(net);
        using var input = randn(1, 3, 20, 28);
        var saved = net.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        using var ordinary = net.forward(input);
        net.optimize_for_inference(release_weights: true);

        var partial = saved.Where(e => e.Key != "enc1.0.weight").ToDictionary(e => e.Key, e => e.Value);
        var error = Assert.Throws<TorchException>(() => net.load_state_dict(partial, strict: false));
        Assert.Contains("enc1.0.weight", error.Message);
        Assert.True(net.weights_released);

        net.load_state_dict(saved);
        foreach (var tensor in saved.Values) tensor.Dispose();
        Assert.False(net.weights_released);
        Assert.False(net.inference_optimized);
        net.train();
        using var restored = net.forward(input);
        TensorAssert.Close(ordinary, restored, atol: 1e-5, rtol: 0, what: "training forward after load_state_dict");
        using var loss = restored.sum();
        loss.backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
    }

    private static Dictionary<string, Tensor> Outputs(ZooNet net, Tensor input) => net.Forward(input).ToDictionary(o => o.Key, o => o.Value);

    private static IEnumerable<Tensor> OwnTensors(nn.Module module) => module.parameters(recurse: false).Cast<Tensor>().Concat(module.buffers(recurse: false));

    private static IEnumerable<Tensor> AllTensors(nn.Module module) => module.parameters().Cast<Tensor>().Concat(module.buffers());

    private static long Bytes(IEnumerable<Tensor> tensors) => tensors.Sum(t => t.numel() * t.element_size());
}
