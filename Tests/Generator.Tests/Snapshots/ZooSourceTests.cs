using System;
using System.IO;
using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Snapshots;

/// <summary>
/// What the generator writes for the zoo (Architectures/Models, linked into Models/Zoo), pinned by
/// Snapshots/Zoo/*.verified.cs; every zoo model checks without diagnostics and compiles without warnings.
/// </summary>
public class ZooSourceTests
{
    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Models", "Zoo"), "*.seg.yaml")
            .Select(f => Path.GetFileName(f)[..^".seg.yaml".Length]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Models))]
    public void ZooModelGeneratesItsSnapshotWithoutDiagnostics(string model)
    {
        var harness = GeneratorHarness.ForModels($"Zoo/{model}");
        var result = harness.Run();

        Assert.Empty(DiagnosticText.Lines(result.Diagnostics));
        Assert.Empty(harness.CompileDiagnostics());
        Assert.Equal(2, result.Results[0].GeneratedSources.Length);
        foreach (var source in result.Results[0].GeneratedSources)
        {
            Snapshot.Match(GeneratedSourceTests.WithoutVersion(source.SourceText.ToString()), $"Zoo/{Path.GetFileNameWithoutExtension(source.HintName)}", "cs");
        }
    }
}
