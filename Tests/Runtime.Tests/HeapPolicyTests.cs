using System;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

[Collection(HeapPolicyCollection.Name)]
public class HeapPolicyTests
{
    // Sizes no other test uses, so that a block kept from elsewhere never stands in for these.
    private static readonly long[] Large = [16, 1024, 1021];
    private static readonly long[] OtherLarge = [8, 1024, 1021];
    private const long LargeBytes = 16L * 1024 * 1021 * sizeof(float);

    public HeapPolicyTests()
    {
        // The policy is process-wide and harmless to the other tests: it only changes when freed memory returns to the kernel.
        Assert.True(keep_freed_memory());
        // Tensors other tests dropped without Dispose are freed by their finalizers: before the counts are read, not during.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        release_freed_memory();
    }

    [Fact]
    public void AFreedLargeTensorIsKeptAndServesTheNextTensorOfItsSize()
    {
        zeros(Large).Dispose();
        var kept = freed_memory_kept();
        Assert.True(kept >= LargeBytes, $"kept {kept} bytes after freeing {LargeBytes}");

        using var again = ones(Large);
        Assert.Equal(kept - LargeBytes, freed_memory_kept());
        Assert.Equal(Large[0] * Large[1] * Large[2], again.sum().item<float>());
    }

    [Fact]
    public void KeptBlocksGiveWayWhenAnotherSizeWouldRaiseThePeak()
    {
        // In use at most one large tensor at a time: a new size may not map memory beside the kept block.
        zeros(Large).Dispose();
        using var other = zeros(OtherLarge);
        Assert.True(freed_memory_kept() < LargeBytes, $"still kept {freed_memory_kept()} bytes");
    }

    [Fact]
    public void ReleaseFreedMemoryGivesTheKeptBlocksBack()
    {
        zeros(Large).Dispose();
        release_freed_memory();
        Assert.Equal(0, freed_memory_kept());
    }

    [Fact]
    public void SmallTensorsAreLeftToTheCLibrary()
    {
        zeros(1024, 255).Dispose();
        Assert.Equal(0, freed_memory_kept());
    }
}
