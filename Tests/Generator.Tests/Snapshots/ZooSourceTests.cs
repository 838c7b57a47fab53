using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Snapshots;

/// <summary>
/// What the generator writes for the zoo (Architectures/Models, linked into Models/Zoo), pinned by
/// Snapshots/Zoo/*.verified.cs; the zoo checks without diagnostics and compiles without warnings. The
/// zoo is generated as one project, as Architectures builds it, since its networks use its backbones.
/// </summary>
public class ZooSourceTests
{
    private static readonly string[] Names = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models", "Zoo"), "*.seg.yaml")
        .Select(f => Path.GetFileName(f)[..^".seg.yaml".Length]).Order(StringComparer.Ordinal).ToArray();

    private static readonly Lazy<(GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> Compile)> Zoo = new(() =>
    {
        var harness = GeneratorHarness.ForModels(Names.Select(n => $"Zoo/{n}").ToArray());
        var result = harness.Run();
        return (result, harness.CompileDiagnostics());
    });

    public static TheoryData<string> Models() => new(Names);

    [Theory]
    [MemberData(nameof(Models))]
    public void ZooModelGeneratesItsSnapshotWithoutDiagnostics(string model)
    {
        var (result, compile) = Zoo.Value;

        Assert.Empty(DiagnosticText.Lines(result.Diagnostics));
        Assert.Empty(compile);
        var sources = result.Results[0].GeneratedSources.Where(s => s.HintName == $"{model}.g.cs" || s.HintName == $"{model}.Graph.g.cs").ToList();
        Assert.Equal(2, sources.Count);
        foreach (var source in sources)
        {
            Snapshot.Match(GeneratedSourceTests.WithoutVersion(source.SourceText.ToString()), $"Zoo/{Path.GetFileNameWithoutExtension(source.HintName)}", "cs");
        }
    }
}
