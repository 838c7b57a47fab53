using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>
/// The prepared convolution (oneDNN directly, channels-last): batch norm folding, the fused sum and ReLU, snapshots of
/// the weights, and errors instead of crashes. References: PyTorch's conv2d, eval batch norm, add and ReLU.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class PackedConvolutionTests : System.IDisposable
{
    // A strided, dilated, grouped convolution with the reference's weights, and the batch norm after it.
    private readonly Conv2d conv = nn.Conv2d(4, 6, 3, stride: 2, padding: 1, dilation: 2, groups: 2);
    private readonly BatchNorm2d norm = nn.BatchNorm2d(6);

    private static Tensor Ref(string name) => OpsReference.Get(name);

    public PackedConvolutionTests()
    {
        using (no_grad())
        {
            conv.weight.copy_(Ref("conv.w"));
            conv.bias!.copy_(Ref("conv.b"));
            norm.weight!.copy_(Ref("fold.w"));
            norm.bias!.copy_(Ref("fold.b"));
            norm.running_mean!.copy_(Ref("fold.rm"));
            norm.running_var!.copy_(Ref("fold.rv"));
        }
    }

    public void Dispose()
    {
        conv.Dispose();
        norm.Dispose();
    }

    [Fact]
    public void GivesPyTorchsConv2dAsAChannelsLastTensor()
    {
        using var scope = NewDisposeScope();
        using var packed = new PackedConv2d(conv);
        using var _ = no_grad();
        var y = packed.forward(Ref("conv.x"));
        TensorAssert.Close(Ref("conv2d"), y, 1e-4);
        Assert.Equal([120L, 1, 30, 6], y.stride());
        // A channels-last input gives the same.
        TensorAssert.Close(Ref("conv2d"), packed.forward(Ref("conv.x").to_channels_last()), 1e-4);
    }

    [Fact]
    public void WithBatchNormFoldedGivesPyTorchsConvThenEvalBatchNorm()
    {
        using var scope = NewDisposeScope();
        using var folded = new PackedConv2d(conv, norm);
        using var _ = no_grad();
        TensorAssert.Close(Ref("fold.eval"), folded.forward(Ref("conv.x")), 1e-4);
    }

    [Fact]
    public void FusedSumAndReluAddOntoTheGivenTensorInPlace()
    {
        using var scope = NewDisposeScope();
        using var fused = new PackedConv2d(conv, norm, sum: true, relu: true);
        using var _ = no_grad();
        var residual = Ref("fold.residual").to_channels_last();
        var y = fused.forward(Ref("conv.x"), residual);
        TensorAssert.Close(Ref("fold.sum_relu"), y, 1e-4);
        // Channels-last already: written in place.
        TensorAssert.Equal(y, residual);
        // Any other layout is copied first and stays as it was.
        var contiguous = Ref("fold.residual").clone();
        TensorAssert.Close(Ref("fold.sum_relu"), fused.forward(Ref("conv.x"), contiguous), 1e-4);
        TensorAssert.Equal(Ref("fold.residual"), contiguous);
    }

    [Fact]
    public void IsASnapshotOfTheWeights()
    {
        using var scope = NewDisposeScope();
        using var packed = new PackedConv2d(conv);
        using var _ = no_grad();
        conv.bias!.zero_();
        conv.weight.zero_();
        TensorAssert.Close(Ref("conv2d"), packed.forward(Ref("conv.x")), 1e-4);
    }

    [Fact]
    public void RunsEachInputSizeItIsGiven()
    {
        using var scope = NewDisposeScope();
        using var small = nn.Conv2d(3, 5, 3, padding: 1);
        using var packed = new PackedConv2d(small, relu: true);
        using (no_grad())
        {
            foreach (var size in new[] { 7L, 12, 7, 1 })
            {
                var x = randn(2, 3, size, size + 2);
                TensorAssert.Close(nn.functional.relu(small.forward(x)), packed.forward(x), 1e-5);
            }
        }
    }

    [Fact]
    public void TransposedGivesPyTorchsConvTranspose2d()
    {
        using var scope = NewDisposeScope();
        using var deconv = nn.ConvTranspose2d(4, 3, 3, stride: 2, padding: 1, output_padding: 1);
        using (no_grad())
        {
            deconv.weight.copy_(Ref("deconv.w"));
            deconv.bias!.copy_(Ref("deconv.b"));
        }
        using var packed = new PackedConvTranspose2d(deconv);
        using (no_grad())
        {
            TensorAssert.Close(Ref("conv_transpose2d"), packed.forward(Ref("deconv.x")), 1e-4);
        }
    }

    [Fact]
    public void TransposedWithGroupsDilationAndAnFcnKernelGivesConvTranspose2d()
    {
        using var scope = NewDisposeScope();
        using var grouped = nn.ConvTranspose2d(6, 4, 3, stride: 2, padding: 2, output_padding: 1, groups: 2, dilation: 2);
        using var upscore = nn.ConvTranspose2d(5, 5, 16, stride: 8, bias: false);
        foreach (var deconv in new[] { grouped, upscore })
        {
            using var packed = new PackedConvTranspose2d(deconv);
            using (no_grad())
            {
                var x = randn(2, deconv.weight.size(0), 5, 7);
                TensorAssert.Close(deconv.forward(x), packed.forward(x), 1e-4);
            }
        }
    }

    [Fact]
    public void TransposedWithBatchNormFoldedAndReluFusedGivesTheModulesInTurn()
    {
        using var scope = NewDisposeScope();
        using var deconv = nn.ConvTranspose2d(6, 4, 4, stride: 2, padding: 1, groups: 2);
        using var after = nn.BatchNorm2d(4);
        BatchNormStatistics.Randomise(after);
        after.eval();
        using var packed = new PackedConvTranspose2d(deconv, after, relu: true);
        using (no_grad())
        {
            var x = randn(2, 6, 5, 7);
            TensorAssert.Close(nn.functional.relu(after.forward(deconv.forward(x))), packed.forward(x), 1e-4);
        }
    }

    [Fact]
    public void WrongInputsAreTorchExceptionsSayingWhatIsWrong()
    {
        using var scope = NewDisposeScope();
        using var small = nn.Conv2d(3, 5, 3);
        using var packed = new PackedConv2d(small);
        using var summing = new PackedConv2d(small, sum: true);
        using (no_grad())
        {
            Assert.Contains("expected input of shape [N, 3, H, W], got [1, 4, 8, 8]", Assert.Throws<TorchException>(() => packed.forward(ones(1, 4, 8, 8))).Message);
            Assert.Contains("expected input of shape", Assert.Throws<TorchException>(() => packed.forward(ones(3, 8, 8))).Message);
            Assert.Contains("float32", Assert.Throws<TorchException>(() => packed.forward(ones([1, 3, 8, 8], ScalarType.Float64))).Message);
            Assert.Contains("fewer than the kernel's span of 3", Assert.Throws<TorchException>(() => packed.forward(ones(1, 3, 2, 8))).Message);
            Assert.Contains("none was given", Assert.Throws<TorchException>(() => summing.forward(ones(1, 3, 8, 8))).Message);
            Assert.Contains("adds onto nothing", Assert.Throws<TorchException>(() => packed.forward(ones(1, 3, 8, 8), ones(1, 5, 6, 6))).Message);
            Assert.Contains("has shape [1, 5, 8, 8], the convolution gives [1, 5, 6, 6]",
                Assert.Throws<TorchException>(() => summing.forward(ones(1, 3, 8, 8), ones(1, 5, 8, 8))).Message);
        }
        Assert.Contains("no_grad", Assert.Throws<TorchException>(() => packed.forward(ones(1, 3, 8, 8).requires_grad_())).Message);
        using var batchStatistics = nn.BatchNorm2d(5, track_running_stats: false);
        Assert.Contains("cannot be folded", Assert.Throws<TorchException>(() => new PackedConv2d(small, batchStatistics)).Message);
        using var deconv = nn.ConvTranspose2d(3, 5, 3, stride: 2, padding: 0, output_padding: 1);
        Assert.Contains("output_padding ≤ padding", Assert.Throws<TorchException>(() => new PackedConvTranspose2d(deconv)).Message);
    }
}
