using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>
/// A chain of prepared convolutions run in one call, as generated inference forwards run straight runs of their
/// graphs: the same result as the modules in turn (channels-last or contiguous), the input handed over or kept, and errors instead of crashes.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class PackedConvolutionChainTests : System.IDisposable
{
    // conv → batch norm → ReLU, a transposed convolution, a strided convolution: each reads the one before.
    private readonly Conv2d first = nn.Conv2d(3, 6, 3, padding: 1);
    private readonly BatchNorm2d norm = nn.BatchNorm2d(6);
    private readonly ConvTranspose2d up = nn.ConvTranspose2d(6, 4, 4, stride: 2, padding: 1);
    private readonly Conv2d last = nn.Conv2d(4, 2, 3, stride: 2, padding: 1, dilation: 2);
    private readonly PackedConv2d firstPacked;
    private readonly PackedConvTranspose2d upPacked;
    private readonly PackedConv2d lastPacked;

    public PackedConvolutionChainTests()
    {
        BatchNormStatistics.Randomise(norm);
        norm.eval();
        firstPacked = new PackedConv2d(first, norm, relu: true);
        upPacked = new PackedConvTranspose2d(up);
        lastPacked = new PackedConv2d(last);
    }

    public void Dispose()
    {
        foreach (var disposable in new System.IDisposable[] { firstPacked, upPacked, lastPacked, first, norm, up, last }) disposable.Dispose();
    }

    private Tensor ModulesInTurn(Tensor x) => last.forward(up.forward(nn.functional.relu(norm.forward(first.forward(x)))));

    [Fact]
    public void GivesTheModulesInTurnForEachInputSize()
    {
        using var scope = NewDisposeScope();
        using var chain = new PackedConvolutionChain([firstPacked, upPacked, lastPacked]);
        using var _ = no_grad();
        Assert.Equal(3, chain.count);
        foreach (var (h, w) in new[] { (8L, 10L), (5L, 5L), (8L, 10L) })
        {
            var x = randn(2, 3, h, w);
            var y = chain.forward(x);
            var expected = ModulesInTurn(x);
            TensorAssert.Close(expected, y, 1e-4);
            Assert.False(x.IsInvalid);
            Assert.Equal(1L, y.stride()[1]); // channels-last
            // Or as a model's result leaves.
            var result = chain.forward(x, contiguous: true);
            Assert.True(result.is_contiguous());
            TensorAssert.Close(expected, result, 1e-4);
        }
    }

    [Fact]
    public void WholeChannelBlocksRunAsTheModulesInTurnAtSizesOfPartTilesWithAndWithoutWinograd()
    {
        // 3×3 stride-1 convolutions of 16-channel multiples: oneDNN's Winograd kernel where it has one (unless turned
        // off); 13×11 is not a whole number of its 4×4 tiles.
        using var scope = NewDisposeScope();
        using var a = nn.Conv2d(32, 48, 3, padding: 1);
        using var b = nn.Conv2d(48, 32, 3, padding: 1);
        using var aPacked = new PackedConv2d(a, relu: true);
        using var bPacked = new PackedConv2d(b);
        using var chain = new PackedConvolutionChain([aPacked, bPacked]);
        using var direct = new PackedConvolutionChain([aPacked, bPacked], winograd: false);
        using var _ = no_grad();
        var x = randn(1, 32, 13, 11);
        var expected = b.forward(nn.functional.relu(a.forward(x)));
        TensorAssert.Close(expected, chain.forward(x), 1e-4);
        TensorAssert.Close(expected, direct.forward(x), 1e-4);
    }

    [Fact]
    public void AConvolutionAloneAndInAChainAtSizesWantingOtherWeightLayoutsGivesTheModules()
    {
        // Alone it runs channels-last; in the chain Winograd at 13×11 and direct at 320×320 (scratch over 64 MiB):
        // each plan may want the weight in another layout, and sizes come back in between.
        using var scope = NewDisposeScope();
        using var a = nn.Conv2d(32, 48, 3, padding: 1);
        using var b = nn.Conv2d(48, 32, 3, padding: 1);
        using var aPacked = new PackedConv2d(a);
        using var bPacked = new PackedConv2d(b);
        using var chain = new PackedConvolutionChain([aPacked, bPacked]);
        using var _ = no_grad();
        foreach (var size in new[] { 13L, 320, 13 })
        {
            var x = randn(1, 32, size, size - 2);
            var expected = a.forward(x);
            TensorAssert.Close(expected, aPacked.forward(x), 1e-4);
            TensorAssert.Close(b.forward(expected), chain.forward(x), 1e-4);
        }
    }

    [Fact]
    public void AHandedOverInputIsDisposedAndTheResultIsTheSame()
    {
        using var scope = NewDisposeScope();
        using var chain = new PackedConvolutionChain([firstPacked, upPacked, lastPacked]);
        using var _ = no_grad();
        var x = randn(1, 3, 6, 6);
        var expected = ModulesInTurn(x);
        var input = x.clone();
        TensorAssert.Close(expected, chain.forward(input, dispose_input: true), 1e-4);
        Assert.True(input.IsInvalid);
        // Also when the call fails.
        var wrong = ones(1, 4, 6, 6);
        Assert.Throws<TorchException>(() => chain.forward(wrong, dispose_input: true));
        Assert.True(wrong.IsInvalid);
    }

    [Fact]
    public void KeepsItsConvolutionsAliveWhenTheyAreDisposedFirst()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var conv = new PackedConv2d(first, norm, relu: true);
        using var chain = new PackedConvolutionChain([conv, upPacked]);
        conv.Dispose();
        var x = randn(1, 3, 6, 6);
        TensorAssert.Close(up.forward(nn.functional.relu(norm.forward(first.forward(x)))), chain.forward(x), 1e-4);
    }

    [Fact]
    public void WrongChainsAndInputsAreErrorsSayingWhatIsWrong()
    {
        using var scope = NewDisposeScope();
        using var summing = new PackedConv2d(last, sum: true);
        Assert.Contains("convolution 1 of the chain adds onto a tensor",
            Assert.Throws<System.ArgumentException>(() => new PackedConvolutionChain([upPacked, summing])).Message);
        Assert.Contains("at least one", Assert.Throws<System.ArgumentException>(() => new PackedConvolutionChain([])).Message);
        var disposed = new PackedConv2d(first);
        disposed.Dispose();
        Assert.Throws<System.ObjectDisposedException>(() => new PackedConvolutionChain([upPacked, disposed]));

        var chain = new PackedConvolutionChain([firstPacked, upPacked]);
        using (no_grad())
        {
            Assert.Contains("expected input of shape [N, 3, H, W], got [1, 4, 8, 8]", Assert.Throws<TorchException>(() => chain.forward(ones(1, 4, 8, 8))).Message);
        }
        Assert.Contains("no_grad", Assert.Throws<TorchException>(() => chain.forward(ones(1, 3, 8, 8).requires_grad_())).Message);
        chain.Dispose();
        Assert.Throws<System.ObjectDisposedException>(() => chain.forward(ones(1, 3, 8, 8)));
        // The chains whose constructors threw hold nothing: finalizing them must not throw (it would end the process).
        System.GC.Collect();
        System.GC.WaitForPendingFinalizers();
    }
}
