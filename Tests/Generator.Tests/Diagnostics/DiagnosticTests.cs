using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Diagnostics;

/// <summary>
/// One broken declaration per diagnostic id, each asserting the id, where it points (0-based line and
/// column, and the text it underlines) and the whole message, since the message is the user interface.
/// </summary>
public class DiagnosticTests
{
    private const string FileName = "Broken.seg.yaml";

    // ---- SEG0001: YAML syntax --------------------------------------------------------------------

    [Fact]
    public void BadIndentationIsReportedAtTheLineAndColumnYamlStoppedAt()
    {
        const string yaml = """
            model: Broken
            inputs:
                image: [N, 3, H, W]
              layers:
              stem: conv(8, 3)
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0001", (3, 2), "", "While parsing a block mapping, did not find expected key.");
    }

    [Fact]
    public void UnclosedListSpanningLinesIsReportedAtItsOpeningBracket()
    {
        // YamlDotNet's scanner throws InvalidOperationException here instead of a YamlException.
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: [conv(8, 3, pad=1), relu
              head: conv(2, 1)
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0001", (4, 8), "[", "this '[' is never closed by ']'");
    }

    [Fact]
    public void UnclosedOpCallIsReportedWhereTheClosingParenthesisIsMissing()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: conv(8, 3
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0001", (4, 17), "", "expected ')' at the end");
    }

    // ---- SEG0002: declaration structure ----------------------------------------------------------

    [Fact]
    public void MisspeltSectionSuggestsTheSectionAndTheModelLacksLayers()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layer:
              stem: conv(8, 3)
            """;

        var diagnostics = Diagnose(yaml);

        Assert.Collection(diagnostics,
            d => AssertDiagnostic(d, yaml, "SEG0002", (3, 0), "layer", "unknown section 'layer'; did you mean 'layers'?"),
            d => AssertDiagnostic(d, yaml, "SEG0002", (0, 0), "", "the model declares no 'layers'"));
    }

    // ---- SEG0003 to SEG0006: unknown names -------------------------------------------------------

    [Fact]
    public void UnknownOpSuggestsTheClosestOp()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: [conv(8, 3, pad=1), batchnrom, relu]
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0003", (4, 28), "batchnrom", "Unknown op 'batchnrom'; did you mean 'batchnorm'?");
    }

    [Fact]
    public void PyTorchArgumentNameSuggestsTheSegGenName()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: [conv(8, 3, padding=1), relu]
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0004", (4, 20), "padding=1", "conv has no argument 'padding'; did you mean 'pad'?");
    }

    [Fact]
    public void UnknownReferenceSuggestsTheClosestLayer()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              encoder: [conv(8, 3, pad=1), relu]
              decoder: {from: encodr, ops: conv(8, 3, pad=1)}
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0005", (5, 18), "encodr", "no layer or input named 'encodr'; did you mean 'encoder'?");
    }

    [Fact]
    public void UnknownHyperparameterSuggestsTheClosestOne()
    {
        const string yaml = """
            model: Broken
            hyperparameters:
              classes: 21
            inputs:
              image: [N, 3, H, W]
            layers:
              score: conv(clases, 1)
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0006", (6, 14), "clases", "'clases' is not a hyperparameter; did you mean 'classes'?");
    }

    // ---- SEG0007, SEG0008: graph structure -------------------------------------------------------

    [Fact]
    public void LayerDeclaredTwiceIsADuplicateName()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: conv(8, 3, pad=1)
              stem: relu
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0007", (5, 2), "stem", "'stem' is declared twice in the same mapping; rename or remove one");
    }

    [Fact]
    public void LayerNamedLikeAHyperparameterIsADuplicateName()
    {
        const string yaml = """
            model: Broken
            hyperparameters:
              width: 8
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: conv(width, 3, pad=1)
              width: relu
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0007", (7, 2), "width", "'width' names both a hyperparameter and a layer");
    }

    [Fact]
    public void ForwardReferenceClosingALoopIsACycleThroughTheImplicitInputs()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              a: {from: c, ops: conv(8, 3, pad=1)}
              b: conv(8, 3, pad=1)
              c: conv(8, 3, pad=1)
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0008", (4, 2), "a",
            "layers depend on each other in a cycle: a → c → b → a; a layer without 'from:' reads the layer declared above it");
    }

    // ---- SEG0009 to SEG0014: shapes --------------------------------------------------------------

    [Fact]
    public void AddingDifferentChannelCountsIsAChannelMismatch()
    {
        const string yaml = """
            model: Broken
            hyperparameters:
              classes: 21
            inputs:
              image: [N, 3, H, W]
            layers:
              trunk: [conv(64, 3, pad=1), relu]
              score: conv(classes, 1)
              fuse: {from: score, ops: add(trunk)}
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0009", (8, 27), "add(trunk)",
            "'fuse' adds 'score' [N, classes, H, W] and 'trunk' [N, 64, H, W], whose channels differ (classes vs 64; equal only when classes = 64); " +
            "map 'trunk' to classes channels first, e.g. with conv(classes, 1)");
    }

    [Fact]
    public void FcnFuseWithoutCropMismatchesAtEverySize()
    {
        // FCN-8s's geometry without the crop of score_pool4: the two maps never have the same size.
        const string yaml = """
            model: Broken
            hyperparameters:
              classes: 21
            inputs:
              image: [N, 3, H, W]
            layers:
              conv1: [conv(16, 3, pad=100), relu]
              pool1: maxpool(2, stride=2, ceil=true)
              pool2: maxpool(2, stride=2, ceil=true)
              pool3: maxpool(2, stride=2, ceil=true)
              pool4: maxpool(2, stride=2, ceil=true)
              pool5: maxpool(2, stride=2, ceil=true)
              fc6: [conv(64, 7), relu]
              score_fr: conv(classes, 1)
              upscore2: deconv(classes, 4, stride=2, bias=false, init=bilinear, frozen=true)
              score_pool4: {from: pool4, ops: conv(classes, 1)}
              fuse_pool4: {from: upscore2, ops: add(score_pool4)}
            """;

        var diagnostics = Diagnose(yaml);

        AssertForHeightAndWidth(diagnostics, yaml, "SEG0010", ((16, 36), "add(score_pool4)"), ((16, 36), "add(score_pool4)"),
            "'fuse_pool4' adds 'upscore2' and 'score_pool4': sizes 2⌊(X+37)/32⌋+2 and ⌊(X+213)/16⌋ differ for every input size (e.g. X = 1: 4 vs 13); " +
            "crop 'score_pool4' with crop(like=upscore2, offset=…) or resize it with upsample(like=upscore2)");
    }

    [Fact]
    public void SkipConnectionThatFitsOnlyEvenSizesNarrowsTheContract()
    {
        const string yaml = """
            model: Narrow
            inputs:
              image: [N, 3, H, W]
            layers:
              enc: [conv(8, 3, pad=1), relu]
              down: [maxpool(2), conv(8, 3, pad=1), relu]
              up: [upsample(scale=2), add(enc)]
            """;

        var harness = GeneratorHarness.ForYaml((FileName, yaml));
        var diagnostics = harness.Run().Diagnostics;

        AssertForHeightAndWidth(diagnostics, yaml, "SEG0011", ((6, 26), "add(enc)"), ((6, 26), "add(enc)"),
            "Narrow accepts only X ≡ 0 (mod 2), X ≥ 2: 'up.1' adds 'up.0' and 'enc': sizes 2⌊X/2⌋ and X differ for X = 3 (2 vs 3); " +
            "declare the input size as 2*k to make this explicit, or pad inputs to such a size");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        // Information only: the model is still generated.
        Assert.Empty(harness.CompileDiagnostics());
    }

    [Fact]
    public void ConvolutionAfterGlobalPoolingHasNoRowsLeft()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              stem: [conv(8, 3, pad=1), relu]
              pooled: [gap, conv(8, 3)]
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0012", (5, 16), "conv(8, 3)",
            "'pooled.1' conv(8, 3) turns [N, 8, 1, 1] into [N, 8, -1, -1] whatever the input size, but sizes must be at least 1; use a smaller kernel or more padding");
    }

    [Fact]
    public void UnpoolOfALayerWithoutIndicesSaysToKeepThem()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              enc: [conv(8, 3, pad=1), maxpool(2)]
              dec: [unpool(enc), conv(8, 3, pad=1)]
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0013", (5, 15), "enc",
            "'enc' has no maxpool with indices=true to unpool with; its maxpool(2) ('enc.1') does not keep its indices: write indices=true");
    }

    [Fact]
    public void UnpoolWithOtherChannelsThanItsPoolIsAPairingError()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              enc: [conv(8, 3, pad=1), maxpool(2, indices=true)]
              mid: conv(16, 3, pad=1)
              dec: [unpool(enc), conv(8, 3, pad=1)]
            """;

        var diagnostic = Assert.Single(Diagnose(yaml));

        AssertDiagnostic(diagnostic, yaml, "SEG0013", (6, 8), "unpool(enc)",
            "'dec.0' unpools 'mid' [N, 16, ⌊H/2⌋, ⌊W/2⌋] with the indices of 'enc' [N, 8, ⌊H/2⌋, ⌊W/2⌋], whose channels differ (16 vs 8); " +
            "map 'mid' to 8 channels first, e.g. with conv(8, 1)");
    }

    [Fact]
    public void DeclaredMultipleOfEightBreaksAFourLevelUNetThatNeedsSixteen()
    {
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, 8*h, 8*w]
            macros:
              cbr(out): [conv(out, 3, pad=1), batchnorm, relu]
            layers:
              enc1: cbr(8)
              enc2: [maxpool(2), cbr(16)]
              enc3: [maxpool(2), cbr(32)]
              enc4: [maxpool(2), cbr(64)]
              bottom: [maxpool(2), cbr(64)]
              dec4: [upsample(scale=2), concat(enc4), cbr(32)]
              dec3: [upsample(scale=2), concat(enc3), cbr(16)]
              dec2: [upsample(scale=2), concat(enc2), cbr(8)]
              dec1: [upsample(scale=2), concat(enc1), conv(2, 1)]
            """;

        var diagnostics = Diagnose(yaml);

        AssertForHeightAndWidth(diagnostics, yaml, "SEG0014", ((2, 16), "8*h"), ((2, 21), "8*w"),
            "the input allows X ≡ 0 (mod 8) but 'dec4.1' concatenates 'dec4.0' and 'enc4': sizes 2⌊X/16⌋ and ⌊X/8⌋ differ for X = 24 (2 vs 3); " +
            "of these sizes the graph accepts only X ≡ 0 (mod 16), X ≥ 16: declare the input size as 16*k");
    }

    // ---- SEG0015: beyond what SegGen analyses ----------------------------------------------------

    [Fact]
    public void StridesWithoutCommonFactorsExceedTheAnalysedPeriod()
    {
        // lcm(300, 301) = 90300 residue classes per size symbol: more than the solver enumerates.
        const string yaml = """
            model: Broken
            inputs:
              image: [N, 3, H, W]
            layers:
              a: conv(8, 300, stride=300)
              b: {from: image, ops: conv(8, 301, stride=301)}
              c: {from: a, ops: add(b)}
            """;

        var diagnostics = Diagnose(yaml);

        AssertForHeightAndWidth(diagnostics, yaml, "SEG0015", ((2, 16), "H"), ((2, 19), "W"),
            "SegGen could not process this model: the sizes of X repeat only every 90300 pixels, more than SegGen analyses (65536); " +
            "strides that share their factors (such as powers of 2) keep this period short");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static ImmutableArray<Diagnostic> Diagnose(string yaml) => GeneratorHarness.ForYaml((FileName, yaml)).Run().Diagnostics;

    /// <summary>
    /// Height and width are solved separately, so a size problem comes once for H and once for W;
    /// <paramref name="message"/> writes the size symbol as X.
    /// </summary>
    private static void AssertForHeightAndWidth(ImmutableArray<Diagnostic> diagnostics, string yaml, string id,
        ((int, int) At, string Underlined) height, ((int, int) At, string Underlined) width, string message) =>
        Assert.Collection(diagnostics,
            d => AssertDiagnostic(d, yaml, id, height.At, height.Underlined, message.Replace('X', 'H')),
            d => AssertDiagnostic(d, yaml, id, width.At, width.Underlined, message.Replace('X', 'W')));

    /// <param name="at">The 0-based line and column where the diagnostic starts.</param>
    /// <param name="underlined">The text its span covers, to show what the user is pointed at.</param>
    private static void AssertDiagnostic(Diagnostic diagnostic, string yaml, string id, (int Line, int Column) at, string underlined, string message) =>
        DiagnosticAssert.Located(diagnostic, $"/models/{FileName}", yaml, id, at, underlined, message);
}
