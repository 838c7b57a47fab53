using System;
using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SegGen.Generator.Tests.Properties;

public sealed class EngineAgreesWithLibtorchTests(ITestOutputHelper output)
{
    /// <summary>Fixed, so a failure reproduces; a failing case prints its stack's YAML and size.</summary>
    private const int Seed = 20_251_101;

    private const int StackCount = 520;

    [Fact]
    public void EngineShapesAndContractVerdictsMatchWhatLibtorchDoesOnRandomStacks()
    {
        var stacks = Enumerable.Range(0, StackCount).Select(i => RandomStacks.Create(Seed, i)).ToList();
        var harness = GeneratorHarness.ForYaml(stacks.Select(s => (s.FileName, s.Yaml)).ToArray());
        Assert.Null(harness.Run().Results.Single().Exception);
        using var models = GeneratedModels.Load(harness.Output!);

        var findings = new Findings();
        var random = new Random(Seed);
        foreach (var stack in stacks) new StackComparison(stack, models, random, findings).Run();

        output.WriteLine(findings.Summary);
        Assert.True(findings.Disagreements.Count == 0,
            $"{findings.Summary}\n\n{string.Join("\n", findings.Disagreements.Take(8))}");
        // The property is only as strong as the cases it meets: every verdict must be well represented.
        Assert.True(findings.StacksAcceptingEveryResidue >= StackCount / 10, findings.Summary);
        Assert.True(findings.StacksRestrictedToResidues >= StackCount / 10, findings.Summary);
        Assert.True(findings.StacksRefused >= StackCount / 10, findings.Summary);
        Assert.True(findings.AcceptedSizes >= 1000 && findings.RejectedSizes >= 1000, findings.Summary);
    }
}
