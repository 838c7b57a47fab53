using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Runtime.Tests;

/// <summary>oneDNN's blocked layout: conversions, the ops that take it, and errors instead of crashes.</summary>
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
