using Xunit;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Tests that measure the whole process's resident memory. Test classes run in parallel in one process and the
/// C library keeps freed memory resident, so a neighbour's large tensors would count as growth: these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process resident memory";
}
