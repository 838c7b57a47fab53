using System;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Runtime.Tests;

/// <summary>Gradients of the segmentation ops against PyTorch's: loss = Σ op(inputs) · g for PyTorch's random g.</summary>
public class GradientTests
{
    private static Tensor Ref(string name) => OpsReference.Get(name);

    private static void AssertGradients(string name, Func<Tensor[], Tensor> op, params string[] inputs)
    {
        using var scope = NewDisposeScope();
        var leaves = Array.ConvertAll(inputs, input => Ref(input).clone().requires_grad_());
        (op(leaves) * Ref(name + ".g")).sum().backward();
        for (var k = 0; k < leaves.Length; k++)
        {
            TensorAssert.Close(Ref($"{name}.grad{k}"), leaves[k].grad!, 1e-4, 1e-4, $"{name} gradient of {inputs[k]}");
        }
    }

    [Fact]
    public void Conv2dGradientsMatchPyTorch() => AssertGradients("grad.conv2d",
        t => F.conv2d(t[0], t[1], t[2], strides: [2], padding: [1], dilation: [2], groups: 2), "conv.x", "conv.w", "conv.b");

    [Fact]
    public void ConvTranspose2dGradientsMatchPyTorch() => AssertGradients("grad.conv_transpose2d",
        t => F.conv_transpose2d(t[0], t[1], t[2], strides: [2], padding: [1], output_padding: [1]), "deconv.x", "deconv.w", "deconv.b");

    [Fact]
    public void BatchNormGradientsMatchPyTorch() => AssertGradients("grad.batch_norm",
        t => F.batch_norm(t[0], null, null, t[1], t[2], training: true), "bn.x", "bn.w", "bn.b");

    [Fact]
    public void MaxPoolGradientsMatchPyTorch() => AssertGradients("grad.max_pool2d",
        t => F.max_pool2d(t[0], [3], [2], [1], ceil_mode: true), "pool.x");

    [Fact]
    public void AvgPoolGradientsMatchPyTorch() => AssertGradients("grad.avg_pool2d",
        t => F.avg_pool2d(t[0], [3], [2], [1], ceil_mode: true, count_include_pad: false), "pool.x");

    [Fact]
    public void MaxUnpoolGradientsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var (pooled, indices) = F.max_pool2d_with_indices(Ref("pool.x"), [2]);
        var leaf = pooled.detach().requires_grad_();
        (F.max_unpool2d(leaf, indices, [11, 14]) * Ref("grad.max_unpool2d.g")).sum().backward();
        TensorAssert.Close(Ref("grad.max_unpool2d.grad0"), leaf.grad!);
    }

    [Fact]
    public void BilinearInterpolateGradientsMatchPyTorch() => AssertGradients("grad.interpolate",
        t => F.interpolate(t[0], scale_factor: [2.5], mode: InterpolationMode.Bilinear, align_corners: false), "pool.x");

    [Fact]
    public void CrossEntropyGradientsMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var logits = Ref("ce.logits").clone().requires_grad_();
        F.cross_entropy(logits, Ref("ce.target"), Ref("ce.weight"), ignore_index: 255).backward();
        TensorAssert.Close(Ref("grad.cross_entropy"), logits.grad!);
    }

    [Fact]
    public void NoGradScopeStopsRecordingAndRestoresTheMode()
    {
        using var scope = NewDisposeScope();
        var x = ones([2], requires_grad: true);
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
    }
}
