using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Binding;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Attributes;

/// <summary>
/// Attribute-declared models (Models/*.cs) go through the same check and emitter as YAML: their generated
/// code is pinned by snapshots, compiles warning-free, and equals the YAML declaration's for the same model.
/// </summary>
public class AttributeModelTests
{
    private static readonly string[] ModelNames = ["UNetSmall", "AsppHead"];

    public static TheoryData<string, string> Sources()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in ModelNames)
        {
            foreach (var suffix in new[] { ".g.cs", ".Graph.g.cs", ".Nodes.g.cs" }) data.Add(model, model + suffix);
        }
        return data;
    }

    public static TheoryData<string> Models() => new(ModelNames);

    [Theory]
    [MemberData(nameof(Sources))]
    public void GeneratedSourceMatchesItsSnapshot(string model, string hintName)
    {
        var result = GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel(model)]).Run();

        var source = Assert.Single(result.Results[0].GeneratedSources, s => s.HintName == hintName);
        Snapshot.Match(WithoutVersion(source.SourceText.ToString()), Path.GetFileNameWithoutExtension(hintName), "cs");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedCodeCompilesWithoutDiagnostics(string model)
    {
        var harness = GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel(model)]);

        var result = harness.Run();

        Assert.Empty(result.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Info));
        Assert.Empty(harness.CompileDiagnostics());
    }

    [Fact]
    public void ModelSplitOverTwoFilesReadsItsNodesFromBoth()
    {
        const string declaration = """
            using SegGen;
            namespace Tests;
            [Model, Hyperparameter("classes", 3), Input("image", "N", 3, "H", "W")]
            public partial class Split { }
            """;
        const string nodes = """
            using SegGen;
            using SegGen.Torch.Modules;
            using static SegGen.Torch.torch;
            namespace Tests;
            public partial class Split
            {
                [Conv(8, 3, pad: 1), ReLU] public partial nn.Module? stem { get; }
                [Conv(nameof(classes), 1)] readonly Conv2d head;
            }
            """;
        var harness = GeneratorHarness.ForCSharp([("Split.cs", declaration), ("Split.Nodes.cs", nodes)]);

        var result = harness.Run();

        Assert.Empty(result.Diagnostics);
        Assert.Empty(harness.CompileDiagnostics());
        Assert.Contains("head = register_module(\"head\", global::SegGen.Torch.torch.nn.Conv2d(8, classes, 1));",
            Sources(result)["Split.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void UNetSmallWrittenWithAttributesGeneratesTheCodeOfItsYaml()
    {
        var fromYaml = Sources(GeneratorHarness.ForModels("UNetSmall").Run());
        var fromAttributes = Sources(GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel("UNetSmall")]).Run());

        // The class declares 'head' itself (a property the constructor fills), so only the YAML part declares that field.
        var yamlModel = Regex.Replace(fromYaml["UNetSmall.g.cs"], @"\n *///[^\n]*\n *private readonly [^\n]* head;\n\n", "\n");
        Assert.Equal(WithoutSourcePlaces(yamlModel), WithoutSourcePlaces(fromAttributes["UNetSmall.g.cs"]));
        Assert.Equal(WithoutSourcePlaces(fromYaml["UNetSmall.Graph.g.cs"]), WithoutSourcePlaces(fromAttributes["UNetSmall.Graph.g.cs"]));
    }

    [Fact]
    public void EveryOpHasAnAttributeWithTheYamlArgumentsInTheYamlOrder()
    {
        var attributes = typeof(SegGen.ModelAttribute).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(SegGen.OpAttribute)) && t != typeof(SegGen.MacroAttribute)).ToList();

        foreach (var op in OpCatalog.All)
        {
            var attribute = Assert.Single(attributes, t => string.Equals(t.Name, op.Name + "Attribute", StringComparison.OrdinalIgnoreCase));
            var parameters = Assert.Single(attribute.GetConstructors()).GetParameters().Select(p => p.Name).ToArray();
            Assert.Equal(op.TakesReferences ? ["layers"] : op.Args.Select(a => a.Name).ToArray(), parameters);
        }
        Assert.Equal(OpCatalog.All.Count, attributes.Count);
    }

    private static System.Collections.Generic.Dictionary<string, string> Sources(GeneratorDriverRunResult result) =>
        result.Results[0].GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Where a declaration sits ("UNetSmall.seg.yaml:12", "UNetSmall.cs:16", the file named in comments) is all that may differ.</summary>
    private static string WithoutSourcePlaces(string source) =>
        Regex.Replace(source, @"UNetSmall\.(seg\.yaml|cs)(:\d+)?", "{source}");

    private static string WithoutVersion(string source) =>
        Regex.Replace(source, @"GeneratedCode\(""SegGen\.Generator"", ""[^""]*""\)", @"GeneratedCode(""SegGen.Generator"", ""{version}"")");
}
