using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Composition;

/// <summary>
/// Mistakes in using a model, each reported at the use site with its id, position, underlined text and
/// message: unknown model, cycle of uses, unknown tap, bad option, and channel mismatches through a block.
/// </summary>
public class CompositionDiagnosticTests
{
    private const string Block = """
        model: Block
        options:
          stride: 1
          dilate: [false, false]
        hyperparameters:
          width: 8
        inputs:
          x: [N, 3, H, W]
        layers:
          stem: [conv(width, 3, stride=stride, pad=1), relu]
          deep: [conv(2*width, 3, pad=1), relu]
        """;

    [Fact]
    public void UnknownModelIsReportedAtItsNameWithTheClosestModelAndOnlyThere()
    {
        // The tap into it adds no second error.
        var yaml = Broken("""
              backbone: use(Blok)
              aux: {from: backbone.stem, ops: conv(2, 1)}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0020", (4, 16), "Blok",
            "no model named 'Blok' in this project or the assemblies it references; did you mean 'Block'?");
    }

    [Fact]
    public void ModelsThatUseEachOtherAreACycleReportedAtTheUse()
    {
        var yaml = Broken("""
              inner: use(Other)
            """);
        const string other = """
            model: Other
            inputs:
              image: [N, 3, H, W]
            layers:
              again: use(Broken)
            """;

        AssertDiagnostic(Diagnose(yaml, ("Other.seg.yaml", other)), yaml, "SEG0021", (4, 9), "use(Other)",
            "models use each other in a cycle: Broken → Other → Broken");
    }

    [Fact]
    public void TapIntoAMissingLayerOfAUsedModelSuggestsItsLayers()
    {
        var yaml = Broken("""
              backbone: use(Block)
              aux: {from: backbone.stme, ops: conv(2, 1)}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0022", (5, 14), "backbone.stme",
            "'backbone.stme': Block (used as 'backbone') has no layer, input or output 'stme'; did you mean 'stem'?");
    }

    [Fact]
    public void MisspeltOptionOfAUsedModelSuggestsTheOption()
    {
        var yaml = Broken("""
              backbone: use(Block, strides=2)
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0023", (4, 23), "strides=2",
            "Block has no option or hyperparameter 'strides'; did you mean 'stride'?");
    }

    [Fact]
    public void OptionValueMustBeALiteralOfTheDefaultsKind()
    {
        var yaml = Broken("""
              backbone: use(Block, dilate=[true])
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0023", (4, 23), "dilate=[true]",
            "option 'dilate' of Block shapes the model, so its value is a literal like its default [false, false]; got '[true]'");
    }

    [Fact]
    public void ChannelsGivenToAUsedModelAreCheckedAgainstItsInput()
    {
        var yaml = Broken("""
              pre: conv(5, 1)
              backbone: use(Block)
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0009", (5, 12), "use(Block)",
            "'backbone.x' (input 'x' of Block) takes 3 channels but 'pre' gives [N, 5, H, W]; map it to 3 channels first, e.g. with conv(3, 1)");
    }

    [Fact]
    public void ChannelMismatchAfterAUsedModelIsFoundWithTheChannelsItsOptionsGive()
    {
        const string yaml = """
            model: Broken
            hyperparameters:
              width: 4
            inputs:
              image: [N, 3, H, W]
            layers:
              backbone: use(Block, width=width, stride=2)
              fused: {from: backbone, ops: add(backbone.stem)}
            """;

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0009", (7, 31), "add(backbone.stem)",
            "'fused' adds 'backbone.deep' [N, 2*width, ⌊(H+1)/2⌋, ⌊(W+1)/2⌋] and 'backbone.stem' [N, width, ⌊(H+1)/2⌋, ⌊(W+1)/2⌋], whose channels differ (2*width vs width); map 'backbone.stem' to 2*width channels first, e.g. with conv(2*width, 1)");
    }

    [Fact]
    public void WhenTakesABoolOption()
    {
        var yaml = Broken("""
              stem: {when: 3, ops: conv(8, 3, pad=1)}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0004", (4, 15), "3", "layer 'stem': 'when' takes true, false or a bool option, got '3'");
    }

    [Fact]
    public void DottedLayerInsideAnotherLayerIsADuplicate()
    {
        var yaml = Broken("""
              convs: conv(8, 1)
              convs.0: {from: image, ops: conv(8, 3, pad=1)}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0007", (5, 2), "convs.0", "layer 'convs.0' would be a module inside 'convs', which names a layer");
    }

    [Fact]
    public void LayerWithTheCSharpNameOfAUsedModelsOpIsADuplicate()
    {
        var yaml = Broken("""
              backbone: use(Block)
              backbone_stem: {from: image, ops: [conv(8, 3, pad=1), relu]}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0007", (5, 37), "conv(8, 3, pad=1)",
            "'backbone.stem.0' and 'backbone_stem.0' would both be the C# name 'backbone_stem_0'; rename one of them");
    }

    [Fact]
    public void InlineTakesOneUseOfAModel()
    {
        var yaml = Broken("""
              stem: {ops: conv(8, 3), inline: true}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0004", (4, 2), "stem",
            "layer 'stem': 'inline: true' places a used model's layers here, so its ops are one use(Model, …), not 'conv(8, 3)'");
    }

    [Theory]
    // The op-text parser marks where the bad value starts.
    [InlineData("  backbone: {ops: use(Block), inline: yes}\n", 4, 38, "y")]
    [InlineData("  backbone:\n    ops: use(Block)\n    inline: yes\n", 6, 12, "yes")]
    public void InlineIsTrueOrFalse(string layers, int line, int column, string underlined)
    {
        var yaml = Broken(layers);

        var diagnostic = Assert.Single(Diagnose(yaml));
        Assert.Equal(new LinePosition(line, column), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(underlined, SourceText.From(yaml).ToString(diagnostic.Location.SourceSpan));
        Assert.Contains("'inline' is true or false", diagnostic.GetMessage());
    }

    [Fact]
    public void InlinedLayerWithTheNameOfALayerOfTheUserIsADuplicate()
    {
        var yaml = Broken("""
              backbone: {ops: use(Block), inline: true}
              stem: conv(8, 1)
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0007", (4, 2), "backbone", "'stem' names both a layer and a layer inlined by 'backbone'");
    }

    /// <summary>A block whose auxiliary head, and its output 'aux' with it, are there unless aux=false.</summary>
    private const string Headed = """
        model: Headed
        options:
          aux: true
        inputs:
          x: [N, 3, H, W]
        layers:
          body: conv(8, 3, pad=1)
          aux_head: {from: x, when: aux, ops: conv(2, 1)}
        outputs:
          out: body
          aux: {from: aux_head, when: aux}
        """;

    [Fact]
    public void OutputSwitchedOffByItsOptionIsNotThereToTap()
    {
        var yaml = Broken("""
              backbone: use(Headed, aux=false)
              extra: {from: backbone.aux, ops: conv(2, 1)}
            """);

        AssertDiagnostic(Diagnose(yaml, ("Headed.seg.yaml", Headed)), yaml, "SEG0022", (5, 16), "backbone.aux",
            "'backbone.aux': Headed (used as 'backbone') has no layer, input or output 'aux'; did you mean 'out'?");
    }

    [Fact]
    public void OutputWhenTakesABoolOption()
    {
        var yaml = Broken("""
              stem: conv(8, 3, pad=1)
            outputs:
              score: stem
              extra: {from: stem, when: 3}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0004", (7, 28), "3", "output 'extra': 'when' takes true, false or a bool option, got '3'");
    }

    [Fact]
    public void ModelWhoseOutputsAreAllSwitchedOffIsAnError()
    {
        var yaml = Broken("""
              stem: conv(8, 3, pad=1)
            outputs:
              score: {from: stem, when: false}
            """);

        AssertDiagnostic(Diagnose(yaml), yaml, "SEG0004", (0, 7), "Broken", "model Broken has no output left: 'when' removes them all");
    }

    /// <summary>A model Broken with one input, image, and the given layers (lines 4 on).</summary>
    private static string Broken(string layers) => "model: Broken\ninputs:\n  image: [N, 3, H, W]\nlayers:\n" + layers;

    private static ImmutableArray<Diagnostic> Diagnose(string yaml, params (string FileName, string Yaml)[] others) =>
        GeneratorHarness.ForYaml([("Broken.seg.yaml", yaml), ("Block.seg.yaml", Block), .. others]).Run().Diagnostics
            .Where(d => d.Location.GetLineSpan().Path == "/models/Broken.seg.yaml").ToImmutableArray();

    private static void AssertDiagnostic(ImmutableArray<Diagnostic> diagnostics, string yaml, string id, (int Line, int Column) at, string underlined, string message)
    {
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(new LinePosition(at.Line, at.Column), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(underlined, SourceText.From(yaml).ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(message, diagnostic.GetMessage());
    }
}
