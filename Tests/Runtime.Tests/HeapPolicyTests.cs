using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>
/// keep_freed_memory(): large tensors come from a heap that keeps freed memory resident, reuses it for later tensors
/// (split or merged as they need) and gives it back on release_freed_memory(). The C library alone returns blocks
/// this large to the kernel when they are freed, so each of these tests fails without that heap.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public class HeapPolicyTests
{
    private const long MiB = 1 << 20;
    // Larger than any tensor the other Runtime tests free, so that only these tests' blocks fit these requests.
    private const long Block = 512 * MiB;
    private const long FloatsPerBlock = Block / sizeof(float);

    // Well above what the allocator's bookkeeping or a stray small allocation could add, well below a block's half.
    private const long Slack = 24 * MiB;

    [Fact]
    public void KeepFreedMemorySucceeds()
    {
        // Process-wide and harmless to the other tests: it changes where tensors live and when freed memory returns to the kernel.
        Assert.True(keep_freed_memory());
    }

    [Fact]
    public void AFreedLargeTensorStaysResidentAndServesTwoHalvesWithoutGrowth()
    {
        var before = FreshResidentBytes();
        using (ones(FloatsPerBlock)) { }
        var kept = ProcessMemory.ResidentBytes();
        Assert.True(kept - before > Block - Slack, $"resident memory rose by {(kept - before) / MiB} MiB for a freed 512 MiB tensor");

        using var first = ones(FloatsPerBlock / 2);
        using var second = ones(FloatsPerBlock / 2);
        var growth = ProcessMemory.ResidentBytes() - kept;
        Assert.True(growth < Slack, $"two 256 MiB tensors after a freed 512 MiB one grew resident memory by {growth / MiB} MiB");
    }

    [Fact]
    public void FreedNeighboursMergeToServeALargerTensorWithoutGrowth()
    {
        FreshResidentBytes();
        var halves = new[] { ones(FloatsPerBlock / 2), ones(FloatsPerBlock / 2) };
        foreach (var half in halves) half.Dispose();
        var kept = ProcessMemory.ResidentBytes();

        using var whole = ones(FloatsPerBlock);
        var growth = ProcessMemory.ResidentBytes() - kept;
        Assert.True(growth < Slack, $"a 512 MiB tensor after two freed 256 MiB ones grew resident memory by {growth / MiB} MiB");
    }

    [Fact]
    public void ReleaseFreedMemoryGivesFreedTensorsBackToTheKernel()
    {
        var before = FreshResidentBytes();
        using (ones(FloatsPerBlock)) { }
        release_freed_memory();
        var after = ProcessMemory.ResidentBytes();
        Assert.True(after - before < Slack, $"after release_freed_memory() a freed 512 MiB tensor still holds {(after - before) / MiB} MiB");
    }

    /// <summary>The resident set with the heap installed and nothing freed kept.</summary>
    private static long FreshResidentBytes()
    {
        Assert.True(keep_freed_memory());
        release_freed_memory();
        return ProcessMemory.ResidentBytes();
    }
}
