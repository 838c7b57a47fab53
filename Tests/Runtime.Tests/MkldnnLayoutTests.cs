using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Runtime.Tests;

/// <summary>oneDNN's blocked layout: conversions, the convolution on reordered weights, batch norm folding, and errors instead of crashes.</summary>
[Collection(GlobalRandomCollection.Name)]
public class MkldnnLayoutTests
{
    private static Tensor Ref(string name) => OpsReference.Get(name);

    [Fact]
    public void ToMkldnnAndBackKeepsEveryValue()
    {
        using var scope = NewDisposeScope();
        var x = Ref("conv.x");
        var blocked = x.to_mkldnn();
        Assert.True(blocked.is_mkldnn);
        Assert.False(x.is_mkldnn);
        Assert.Equal(x.shape, blocked.shape);
        var dense = blocked.to_dense();
        Assert.False(dense.is_mkldnn);
        TensorAssert.Equal(x, dense);
        TensorAssert.Equal(x, x.to_dense());
    }

    [Fact]
    public void MkldnnConvolutionOnAReorderedWeightGivesPyTorchsConv2d()
    {
        using var scope = NewDisposeScope();
        var (x, w, b) = (Ref("conv.x"), Ref("conv.w"), Ref("conv.b"));
        var packed = F.mkldnn_reorder_conv2d_weight(w.to_mkldnn(), padding: [1], strides: [2], dilation: [2], groups: 2);
        var blocked = F.mkldnn_convolution(x.to_mkldnn(), packed, b, padding: [1], strides: [2], dilation: [2], groups: 2);
        Assert.True(blocked.is_mkldnn);
        TensorAssert.Close(Ref("conv2d"), blocked.to_dense(), 1e-4);
        // A strided input gives a strided result on the same reordered weight.
        var strided = F.mkldnn_convolution(x, packed, b, padding: [1], strides: [2], dilation: [2], groups: 2);
        Assert.False(strided.is_mkldnn);
        TensorAssert.Close(Ref("conv2d"), strided, 1e-4);
    }

    [Fact]
    public void PackedConvolutionWithBatchNormFoldedGivesPyTorchsConvThenEvalBatchNorm()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(4, 6, 3, stride: 2, padding: 1, dilation: 2, groups: 2);
        using var norm = nn.BatchNorm2d(6);
        using (no_grad())
        {
            conv.weight.copy_(Ref("conv.w"));
            conv.bias!.copy_(Ref("conv.b"));
            norm.weight!.copy_(Ref("fold.w"));
            norm.bias!.copy_(Ref("fold.b"));
            norm.running_mean!.copy_(Ref("fold.rm"));
            norm.running_var!.copy_(Ref("fold.rv"));
        }
        using var folded = new PackedConv2d(conv, norm);
        TensorAssert.Close(Ref("fold.eval"), folded.forward(Ref("conv.x").to_mkldnn()).to_dense(), 1e-4);
        using var plain = new PackedConv2d(conv);
        TensorAssert.Close(Ref("conv2d"), plain.forward(Ref("conv.x")), 1e-4);
    }

    [Fact]
    public void PackedConvolutionIsASnapshotOfTheWeights()
    {
        using var scope = NewDisposeScope();
        using var conv = nn.Conv2d(4, 6, 3, stride: 2, padding: 1, dilation: 2, groups: 2);
        using (no_grad())
        {
            conv.weight.copy_(Ref("conv.w"));
            conv.bias!.copy_(Ref("conv.b"));
        }
        using var packed = new PackedConv2d(conv);
        using (no_grad()) conv.bias.zero_();
        TensorAssert.Close(Ref("conv2d"), packed.forward(Ref("conv.x")), 1e-4);
    }

    [Fact]
    public void AnOpWithoutABlockedKernelIsATorchExceptionNamingTheBackend()
    {
        using var scope = NewDisposeScope();
        var blocked = ones(1, 3, 4, 4).to_mkldnn();
        var error = Assert.Throws<TorchException>(() => blocked.narrow(2, 0, 2));
        Assert.Contains("Mkldnn", error.Message);
        Assert.Throws<TorchException>(() => cat([blocked, blocked], 1));
        Assert.Throws<TorchException>(() => F.max_pool2d_with_indices(blocked, [2], [2]));
        Assert.Throws<TorchException>(() => F.conv2d(ones(1, 3, 4, 4), blocked));
        Assert.Throws<TorchException>(() => blocked.ToArray<float>());
        Assert.Throws<TorchException>(() => zeros([2, 3], ScalarType.Int64).to_mkldnn());
    }

    [Fact]
    public void BlockedTensorsTakeReluPoolingAndAdd()
    {
        using var scope = NewDisposeScope();
        var x = Ref("pool.x");
        var blocked = x.to_mkldnn();
        TensorAssert.Equal(F.max_pool2d(x.relu(), [3], [2], [1], ceil_mode: true),
            F.max_pool2d(blocked.relu_(), [3], [2], [1], ceil_mode: true).to_dense());
        TensorAssert.Equal(x.relu().add(x.relu()), blocked.add(blocked).to_dense());
    }
}
