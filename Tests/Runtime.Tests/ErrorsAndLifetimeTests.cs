using System;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Runtime.Tests;

/// <summary>Native errors surface as exceptions with libtorch's message; tensor lifetimes are explicit and leak-free.</summary>
[Collection(ProcessMemoryCollection.Name)]
public class ErrorsAndLifetimeTests
{
    [Fact]
    public void ConvolutionWithWrongChannelsIsATorchExceptionNamingBothShapes()
    {
        using var conv = nn.Conv2d(3, 8, 3);
        using var input = zeros(1, 4, 10, 10);
        var error = Assert.Throws<TorchException>(() => conv.forward(input));
        Assert.Contains("[8, 3, 3, 3]", error.Message);
        Assert.Contains("[1, 4, 10, 10]", error.Message);
        Assert.DoesNotContain("Exception raised from", error.Message);
    }

    [Fact]
    public void BroadcastMismatchIsATorchExceptionWithoutNativeBacktrace()
    {
        using var a = zeros(2, 4);
        using var b = zeros(2, 3);
        var error = Assert.Throws<TorchException>(() => a + b);
        Assert.Contains("must match the size of tensor b (3)", error.Message);
        Assert.DoesNotContain("frame #", error.Message);
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposedException()
    {
        var t = ones(2, 2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.relu());
        Assert.Throws<ObjectDisposedException>(() => t.shape);
        Assert.Throws<ObjectDisposedException>(() => F.conv2d(t, t));
        Assert.Equal("[disposed tensor]", t.ToString());
        t.Dispose();
    }

    [Fact]
    public void InvalidArgumentsAreReportedNotCrashed()
    {
        using var scope = NewDisposeScope();
        var x = zeros(2, 3);
        Assert.Throws<TorchException>(() => x.item<float>());
        Assert.Throws<TorchException>(() => x.ToArray<long>());
        Assert.Throws<TorchException>(() => x.view(4, 4));
        Assert.Throws<TorchException>(() => x.select(5, 0));
        Assert.Throws<TorchException>(() => F.max_unpool2d(x, x, [4, 4]));
        Assert.Throws<TorchException>(() => F.cross_entropy(zeros(2, 3, 4, 4), zeros([2, 4, 4], ScalarType.Int64).add_(7)));
    }

    [Fact]
    public void DisposeScopeDisposesWhatWasCreatedInsideExceptWhatMovedOut()
    {
        Tensor inner, kept;
        using (var scope = NewDisposeScope())
        {
            inner = ones(3);
            kept = (inner * 2).MoveToOuterDisposeScope();
            Assert.Equal(1, scope.Count);
        }
        Assert.True(inner.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal([2f, 2f, 2f], kept.ToArray<float>());
        kept.Dispose();
    }

    [Fact]
    public void NestedScopesHandTensorsToTheirOuterScope()
    {
        Tensor moved;
        using (NewDisposeScope())
        {
            using (NewDisposeScope())
            {
                moved = ones(1).MoveToOuterDisposeScope();
            }
            Assert.False(moved.IsInvalid);
        }
        Assert.True(moved.IsInvalid);
    }

    [Fact]
    public void ModulesBuiltInsideAScopeKeepTheirParameters()
    {
        SegGen.Torch.Modules.Conv2d conv;
        using (NewDisposeScope()) conv = nn.Conv2d(1, 1, 1);
        Assert.False(conv.weight.IsInvalid);
        conv.Dispose();
        Assert.True(conv.weight.IsInvalid);
    }

    [Fact]
    public void HundredThousandOpsWithDisposalKeepResidentMemoryFlat()
    {
        using var x = randn(1, 16, 8, 8);
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                var y = (x.relu() + 1).sigmoid();
                var (pooled, indices) = F.max_pool2d_with_indices(y, [2]);
                F.max_unpool2d(pooled, indices, [8, 8]).sum();
            }
        }

        Run(10_000);
        GC.Collect();
        var before = ProcessMemory.ResidentBytes();
        Run(100_000);
        GC.Collect();
        var growth = ProcessMemory.ResidentBytes() - before;
        // Leaking even one 4 KiB result per iteration would add ~400 MB.
        Assert.True(growth < 32L << 20, $"resident memory grew by {growth >> 20} MiB over 100k iterations");
    }
}
