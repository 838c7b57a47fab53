using Xunit;

namespace SegGen.Generator.Tests.Robustness;

/// <summary>Tests that time generator runs run alone, so other tests' load does not pass for a blow-up.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedRunsCollection
{
    public const string Name = "Timed generator runs";
}
