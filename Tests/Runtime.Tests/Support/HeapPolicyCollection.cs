using Xunit;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Tests that read how much freed memory <c>keep_freed_memory()</c> keeps: the count is process-wide, and tests
/// running beside them free large tensors too, so these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapPolicyCollection
{
    public const string Name = "Heap policy";
}
