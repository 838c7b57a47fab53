using Xunit;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Tests that seed libtorch's global generator and compare its draws with PyTorch's. They run alone: any test
/// running beside them that draws from the generator (randn, a module's weight initialisation) shifts their draws.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededRandomCollection
{
    public const string Name = "seeded random draws";
}
