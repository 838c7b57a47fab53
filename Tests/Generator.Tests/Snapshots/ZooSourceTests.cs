using System;
using System.IO;
using System.Linq;
using SegGen.Generator.Tests.Support;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SegGen.Generator.Tests.Snapshots;

/// <summary>
/// What the generator writes for the zoo (Architectures/Models, linked into Models/Zoo), pinned by
/// Snapshots/Zoo/*.verified.cs; the zoo checks without diagnostics and compiles without warnings.
/// </summary>
public class ZooSourceTests
{
    public static TheoryData<string> Models() => new(ZooModels());

    private static string[] ZooModels() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models", "Zoo"), "*.seg.yaml")
            .Select(f => Path.GetFileName(f)[..^".seg.yaml".Length]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The generator run over the whole zoo, once: the models it uses (a ResNet's Bottleneck) are there, as in Architectures.</summary>
    private static readonly Lazy<(GeneratorDriverRunResult Result, string Diagnostics, string CompileDiagnostics)> Run = new(() =>
    {
        var harness = GeneratorHarness.ForModels(ZooModels().Select(m => $"Zoo/{m}").ToArray());
        var result = harness.Run();
        return (result, DiagnosticText.Lines(result.Diagnostics), DiagnosticText.Lines(harness.CompileDiagnostics()));
    });

    [Theory]
    [MemberData(nameof(Models))]
    public void ZooModelGeneratesItsSnapshotWithoutDiagnostics(string model)
    {
        var (result, diagnostics, compileDiagnostics) = Run.Value;

        Assert.Empty(diagnostics);
        Assert.Empty(compileDiagnostics);
        var sources = result.Results[0].GeneratedSources.Where(s => s.HintName == $"{model}.g.cs" || s.HintName == $"{model}.Graph.g.cs").ToList();
        Assert.Equal(2, sources.Count);
        foreach (var source in sources)
        {
            Snapshot.Match(GeneratedSourceTests.WithoutVersion(source.SourceText.ToString()), $"Zoo/{Path.GetFileNameWithoutExtension(source.HintName)}", "cs");
        }
    }
}
