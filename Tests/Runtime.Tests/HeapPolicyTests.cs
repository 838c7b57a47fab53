using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

public class HeapPolicyTests
{
    [Fact]
    public void KeepFreedMemoryIsAcceptedByTheCLibrary()
    {
        // The thresholds are process-wide and harmless to the other tests: it only changes when freed memory returns to the kernel.
        Assert.True(keep_freed_memory());
    }
}
