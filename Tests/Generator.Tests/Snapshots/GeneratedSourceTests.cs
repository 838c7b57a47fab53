using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Snapshots;

/// <summary>
/// What the generator writes for the models in Models/, pinned by the <c>*.verified.*</c> files in this
/// folder: a change to generated code shows up as a reviewable diff.
/// </summary>
public class GeneratedSourceTests
{
    private static readonly string[] ModelNames = ["TinySegNet", "TinyFcn8s", "TinyUNet", "McDropoutNet", "AuxHeadNet"];

    public static TheoryData<string> Models() => new(ModelNames);

    public static TheoryData<string, string> Sources()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelNames)
        {
            data.Add(model, $"{model}.g.cs");
            data.Add(model, $"{model}.Graph.g.cs");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void GeneratedSourceMatchesItsSnapshot(string model, string hintName)
    {
        var result = GeneratorHarness.ForModels(model).Run();

        var source = Assert.Single(result.Results[0].GeneratedSources, s => s.HintName == hintName);
        Snapshot.Match(WithoutVersion(source.SourceText.ToString()), Path.GetFileNameWithoutExtension(hintName), "cs");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DiagnosticsMatchTheirSnapshot(string model)
    {
        var result = GeneratorHarness.ForModels(model).Run();

        var lines = DiagnosticText.Lines(result.Diagnostics);
        Snapshot.Match(lines.Length == 0 ? "(no diagnostics)" : lines, $"{model}.diagnostics");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedCodeCompilesWithoutWarnings(string model)
    {
        var harness = GeneratorHarness.ForModels(model);
        harness.Run();

        Assert.Empty(harness.CompileDiagnostics());
    }

    [Theory]
    [InlineData("TinySegNet", "H ≥ 4; W ≥ 4")]
    // pad=100 and the crops make FCN-8s fit every size, as in Caffe.
    [InlineData("TinyFcn8s", "H ≥ 1; W ≥ 1")]
    // upsample(scale=2) + concat after two 2×2 pools: only multiples of 4 line up.
    [InlineData("TinyUNet", "H ≡ 0 (mod 4), H ≥ 4; W ≡ 0 (mod 4), W ≥ 4")]
    [InlineData("McDropoutNet", "H ≥ 1; W ≥ 1")]
    [InlineData("AuxHeadNet", "H ≥ 4; W ≥ 4")]
    public void DerivedContractStatesTheAcceptedInputSizes(string model, string contract)
    {
        var file = GeneratorHarness.ModelFile(model);
        var parsed = ModelPipeline.Parse(file.Path, file.GetText(), default);

        var shapes = ModelPipeline.Check(parsed, default).Shapes;

        Assert.NotNull(shapes);
        Assert.Equal(contract, Assert.Single(shapes.Contracts).Text);
    }

    /// <summary>The generator's assembly version is stamped into [GeneratedCode]; a release must not change every snapshot.</summary>
    internal static string WithoutVersion(string source) =>
        Regex.Replace(source, @"GeneratedCode\(""SegGen\.Generator"", ""[^""]*""\)", @"GeneratedCode(""SegGen.Generator"", ""{version}"")");
}
