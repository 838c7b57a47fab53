using System.Collections.Generic;
using System.Linq;
using SegGen.Architectures.Tests.Support;
using SegGen.Inference;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests;

/// <summary>
/// optimize_for_inference() on the zoo: the prepared forward (batch norm folded, packed convolutions, blocked layout,
/// in-place ReLU) gives the ordinary forward's output and PyTorch's within 1e-4 at odd sizes, on PyTorch's seeded
/// weights and batch-norm statistics; the prepared state goes with train(), load_state_dict and gradients.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class InferenceOptimisationTests
{
    [Theory]
    [InlineData("FCN8s", 21, 16, new[] { "37x53", "1x1" })]
    [InlineData("SegNet", 11, 16, new[] { "45x61", "1x1" })]
    [InlineData("BayesianSegNet", 11, 16, new[] { "45x61" })]
    [InlineData("DeconvNet", 21, 8, new[] { "193x201" })]
    [InlineData("DeepLabLargeFOV", 21, 16, new[] { "41x57", "1x1" })]
    [InlineData("UNet", 2, 8, new[] { "48x80", "16x16" })]
    // ASPP's image pooling, bilinear resizes, residual sums and the aux head, at torchvision's widths.
    [InlineData("DeepLabV3ResNet50", 21, 0, new[] { "33x41" })]
    [InlineData("DeepLabV3Plus", 21, 0, new[] { "29x29" })]
    public void OptimisedForwardGivesTheOrdinaryOutputAndPyTorchs(string model, long classes, long width, string[] sizes)
    {
        var reference = Zoo.Reference(model, classes, width, ["parity", .. sizes]);
        try
        {
            using var net = Zoo.Create(model, classes, width);
            net.Module.load_state_dict(reference.Under("param."));
            net.Module.eval();
            using var _ = no_grad();
            var ordinary = sizes.Select((size, i) => Forward(net, reference[$"input.{size}"], seed: i)).ToList();
            net.Module.optimize_for_inference();
            Assert.True(net.Module.inference_optimized);
            for (var i = 0; i < sizes.Length; i++)
            {
                foreach (var (name, optimised) in Forward(net, reference[$"input.{sizes[i]}"], seed: i))
                {
                    using var output = optimised;
                    Assert.True(output.is_contiguous(), $"{model} {name} leaves contiguous");
                    TensorAssert.Close(ordinary[i][name], output, atol: 1e-4, rtol: 0, what: $"{model} optimised vs ordinary {sizes[i]} {name}");
                    TensorAssert.Close(reference[$"eval.{sizes[i]}.{name}"], output, atol: 1e-4, rtol: 0, what: $"{model} optimised vs PyTorch {sizes[i]} {name}");
                }
            }
            foreach (var tensor in ordinary.SelectMany(o => o.Values)) tensor.Dispose();
        }
        finally
        {
            foreach (var tensor in reference.Values) tensor.Dispose();
        }
    }

    [Fact]
    public void FoldsBiasFreeConvolutionsWithTheirBatchNormStatistics()
    {
        // UNetSmall's convolutions have no bias and each feeds a batch norm; random statistics make the folding visible.
        manual_seed(7);
        using var net = new UNetSmall(classes: 3, width: 4);
        using (no_grad())
        {
            foreach (var (name, tensor) in net.state_dict().Where(e => e.Key.Contains("running_") || e.Key.EndsWith(".1.weight")))
            {
                using var random = name.EndsWith("running_var") ? rand(tensor.shape).add(0.5) : randn(tensor.shape);
                tensor.copy_(random);
            }
        }
        using var input = randn(1, 3, 24, 40);
        net.eval();
        using var _ = no_grad();
        using var ordinary = net.forward(input);
        net.optimize_for_inference();
        using var optimised = net.forward(input);
        TensorAssert.Close(ordinary, optimised, atol: 1e-4, rtol: 0, what: "UNetSmall optimised vs ordinary");
    }

    [Fact]
    public void TrainLoadStateDictAndGradientsLeaveThePreparedWeights()
    {
        manual_seed(3);
        using var net = new SegNet(classes: 3, width: 4);
        using var input = randn(1, 3, 20, 28);
        net.optimize_for_inference();
        using var before = Prepared(net, input);

        // With gradients on, forward is the ordinary one: its output belongs to the autograd graph.
        using (var graph = net.forward(input)) Assert.True(graph.requires_grad);

        // The classifier's bias + 1 shifts every score by 1, unless a stale prepared copy is used.
        var changed = net.state_dict().ToDictionary(e => e.Key, e => e.Key == "dec1.4.bias" ? e.Value.add(1) : e.Value.alias());
        net.load_state_dict(changed);
        foreach (var tensor in changed.Values) tensor.Dispose();
        Assert.False(net.inference_optimized);
        AssertScoresShifted(net, input, before, 1, "after load_state_dict");

        net.optimize_for_inference().train();
        Assert.False(net.inference_optimized);
        using (no_grad()) net.state_dict()["dec1.4.bias"].sub_(2);
        net.eval();
        AssertScoresShifted(net, input, before, -1, "after train() and a weight change");
    }

    private static void AssertScoresShifted(nn.Module<Tensor, Tensor> net, Tensor input, Tensor before, double shift, string when)
    {
        using var after = Prepared(net, input);
        using var expected = before.add(shift);
        TensorAssert.Close(expected, after, atol: 1e-4, rtol: 0, what: when);
    }

    [Fact]
    public void SegmenterPredictsOnPreparedWeights()
    {
        manual_seed(5);
        using var net = new UNetSmall(classes: 3, width: 4);
        using var images = randn(1, 3, 24, 40);
        net.eval();
        using var ordinary = Prepared(net, images);
        var segmenter = new Segmenter(net, net.forward, UNetSmall.Contract.Inputs[0]);
        using var predicted = segmenter.Predict(images, InferenceOptions.Default);
        Assert.True(net.inference_optimized);
        TensorAssert.Close(ordinary, predicted, atol: 1e-4, rtol: 0, what: "Segmenter on the prepared weights");
    }

    /// <summary>Forward without gradients: the prepared path whenever the prepared weights are there.</summary>
    private static Tensor Prepared(nn.Module<Tensor, Tensor> net, Tensor input)
    {
        using var _ = no_grad();
        return net.forward(input);
    }

    private static IReadOnlyDictionary<string, Tensor> Forward(ZooNet net, Tensor input, int seed)
    {
        // Bayesian SegNet's Monte Carlo dropout samples in eval mode too: both forwards draw the same masks.
        manual_seed(100 + seed);
        return net.Forward(input);
    }
}
