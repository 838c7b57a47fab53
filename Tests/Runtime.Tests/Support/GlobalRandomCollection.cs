using Xunit;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Tests that seed libtorch's global generator and compare the draws with PyTorch's. xunit runs
/// test classes in parallel and every random op shares that generator, so these run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "Global random generator";
}
