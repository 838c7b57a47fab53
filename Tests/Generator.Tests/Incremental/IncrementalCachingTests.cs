using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using System.IO;
using SegGen.Generator.Frontend;
using SegGen.Generator.Frontend.Attributes;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Incremental;

/// <summary>
/// The pipeline reruns only what an edit touches: every step's output must be equatable, so that the
/// driver can tell that nothing changed (Cached: same input; Unchanged: new input, equal output).
/// </summary>
public class IncrementalCachingTests
{
    private static readonly string[] ModelSteps = [TrackingNames.Parse, TrackingNames.Resolve, TrackingNames.Check, TrackingNames.Emit];

    private static readonly string[] AttributeModelSteps = [TrackingNames.AttributeParse, TrackingNames.AttributeResolve, TrackingNames.AttributeCheck, TrackingNames.AttributeEmit];

    private static readonly string[] AllSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private const string UserCode = "namespace Consumer { public static class Helpers { public static int Twice(int x) => 2 * x; } }";

    /// <summary>A method below the nodes of an attribute-declared model, which the model does not depend on.</summary>
    private const string HelperMethod = "    public static int Twice(int x) => 2 * x;\n}";

    private readonly AdditionalText segNet = GeneratorHarness.ModelFile("TinySegNet");
    private readonly AdditionalText uNet = GeneratorHarness.ModelFile("TinyUNet");
    private readonly GeneratorHarness harness;

    /// <summary>Two YAML models, two attribute-declared ones (one with a method of its own) and some user code, as in a real consumer project.</summary>
    public IncrementalCachingTests()
    {
        var (file, aspp) = GeneratorHarness.CSharpModel("AsppHead");
        harness = GeneratorHarness.ForCSharp([("Helpers.cs", UserCode), GeneratorHarness.CSharpModel("UNetSmall"), (file, ReplaceLast(aspp, "}", HelperMethod))], segNet, uNet);
    }

    [Fact]
    public void SecondRunWithoutChangesReusesEveryStep()
    {
        harness.Run();

        var second = harness.Run().Results[0];

        foreach (var step in AllSteps) AssertReused(second, step);
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void UnrelatedCSharpEditReusesEveryModelStep()
    {
        harness.Run();
        EditTree("Helpers.cs", text => text.Replace("2 * x", "x + x"));

        var second = harness.Run().Results[0];

        foreach (var step in ModelSteps.Concat(AttributeModelSteps)) AssertReused(second, step);
    }

    [Fact]
    public void EditInsideAMethodOfAnAttributeModelReusesEveryModelStep()
    {
        harness.Run();
        EditTree("AsppHead.cs", text => text.Replace("2 * x", "x + x"));

        var second = harness.Run().Results[0];

        foreach (var step in ModelSteps.Concat(AttributeModelSteps)) AssertReused(second, step);
    }

    [Fact]
    public void EditingOneAttributeModelRerunsOnlyThatModel()
    {
        harness.Run();
        EditTree("UNetSmall.cs", text => text.Replace("Hyperparameter(\"width\", 16)", "Hyperparameter(\"width\", 24)"));

        var second = harness.Run().Results[0];

        foreach (var step in AttributeModelSteps)
        {
            var reasons = Outputs(second, step).ToLookup(o => Path.GetFileName(PathOf(o.Value)), o => o.Reason);
            Assert.Equal([IncrementalStepRunReason.Modified], reasons["UNetSmall.cs"]);
            Assert.NotEmpty(reasons["AsppHead.cs"]);
            Assert.All(reasons["AsppHead.cs"], reason => Assert.Contains(reason, Reused));
        }
        foreach (var step in ModelSteps) AssertReused(second, step);
    }

    [Fact]
    public void EditingOneYamlFileRerunsOnlyThatModel()
    {
        harness.Run();
        var widened = new InMemoryAdditionalText(segNet.Path, segNet.GetText()!.ToString().Replace("width: 8", "width: 16"));
        harness.ReplaceFile(segNet, widened);

        var second = harness.Run().Results[0];

        foreach (var step in ModelSteps)
        {
            var reasons = Outputs(second, step).ToLookup(o => PathOf(o.Value), o => o.Reason);
            Assert.Equal([IncrementalStepRunReason.Modified], reasons[segNet.Path]);
            Assert.NotEmpty(reasons[uNet.Path]);
            Assert.All(reasons[uNet.Path], reason => Assert.Contains(reason, Reused));
        }
    }

    [Fact]
    public void EditingAUsedModelRerunsTheChecksOfItsUsersAndNoOthers()
    {
        var files = Composition.CompositionTests.Models.Select(GeneratorHarness.ModelFile).Append(uNet).ToList();
        var composed = new GeneratorHarness(files, [UserCode]);
        composed.Run();
        var bottleneck = files.Single(f => f.Path.EndsWith("/Bottleneck.seg.yaml", StringComparison.Ordinal));
        composed.ReplaceFile(bottleneck, new InMemoryAdditionalText(bottleneck.Path, bottleneck.GetText()!.ToString().Replace("dilation: 1", "dilation: 2")));

        var second = composed.Run().Results[0];

        var checks = Outputs(second, TrackingNames.Check).ToLookup(o => System.IO.Path.GetFileName(PathOf(o.Value)), o => o.Reason);
        // TinyResNet uses Bottleneck, and TinyDeepLab uses TinyResNet; TinyUNet uses neither.
        foreach (var user in new[] { "Bottleneck.seg.yaml", "TinyResNet.seg.yaml", "TinyDeepLab.seg.yaml" }) Assert.Equal([IncrementalStepRunReason.Modified], checks[user]);
        foreach (var other in new[] { "TinyUNet.seg.yaml" }) Assert.All(checks[other], reason => Assert.Contains(reason, Reused));
    }

    [Fact]
    public void CSharpEditReadsReferencedDeclarationsAgainButParsesNone()
    {
        harness.Run();
        EditTree("Helpers.cs", text => text.Replace("2 * x", "x + x"));

        var second = harness.Run().Results[0];

        Assert.All(Outputs(second, TrackingNames.ReferencedDeclarations), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(Outputs(second, TrackingNames.ReferencedModels), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void PipelineOutputsHoldNoRoslynSymbolsSyntaxOrLocations()
    {
        // Such objects pin whole compilations in the driver's cache and never compare equal across runs.
        var result = harness.Run().Results[0];

        foreach (var step in AllSteps)
        {
            foreach (var output in Outputs(result, step)) AssertNoRoslynObjects(output.Value, step);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static readonly IncrementalStepRunReason[] Reused = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel)];

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(run => run.Outputs);

    private static void AssertReused(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
        var outputs = Outputs(result, step).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => Assert.Contains(output.Reason, Reused));
    }

    private void EditTree(string fileName, Func<string, string> edit)
    {
        var tree = harness.Compilation.SyntaxTrees.Single(t => Path.GetFileName(t.FilePath) == fileName);
        var edited = CSharpSyntaxTree.ParseText(edit(tree.GetText().ToString()), GeneratorHarness.ParseOptions, tree.FilePath);
        harness.ReplaceCompilation(harness.Compilation.ReplaceSyntaxTree(tree, edited));
    }

    private static string ReplaceLast(string text, string old, string replacement)
    {
        var at = text.LastIndexOf(old, StringComparison.Ordinal);
        return text.Substring(0, at) + replacement + text.Substring(at + old.Length);
    }

    private static string PathOf(object stepOutput) => stepOutput switch
    {
        AttributeParseResult parsed => parsed.Parsed.Path,
        AttributeCheckInput input => input.Input.Parsed.Path,
        AttributeCheckResult checkedModel => checkedModel.Checked.Path,
        ParseResult parsed => parsed.Path,
        CheckResult checkedModel => checkedModel.Path,
        CheckInput input => input.Parsed.Path,
        EmitResult emitted => emitted.Path,
        _ => throw new ArgumentException($"not a per-model step output: {stepOutput.GetType()}"),
    };

    /// <summary>Walks every field reachable from <paramref name="root"/> and fails on a Roslyn object (after NetEscapades' test helpers).</summary>
    private static void AssertNoRoslynObjects(object? root, string step)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Path)>();
        pending.Push((root, step));
        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) continue;
            if (!value.GetType().IsValueType && !visited.Add(value)) continue;
            var type = value.GetType();
            Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.FullName}");
            if (value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items) pending.Push((item, $"{path}[{index++}]"));
                continue;
            }
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    pending.Push((field.GetValue(value), $"{path}.{field.Name}"));
                }
            }
        }
    }
}
