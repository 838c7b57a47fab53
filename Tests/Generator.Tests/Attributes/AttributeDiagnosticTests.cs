using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Attributes;

/// <summary>
/// Diagnostics of attribute-declared models point at the attribute argument at fault (inside a string
/// such as "2*width" at the character), and misuse of C# (a class that is not partial, a non-constant
/// argument, a node member of the wrong kind, a reference to a node below) has its own ids.
/// </summary>
public class AttributeDiagnosticTests
{
    private const string FileName = "Broken.cs";

    /// <summary>Lines 0–4; a test's class starts on line 5.</summary>
    private const string Preamble = """
        using SegGen;
        using SegGen.Torch.Modules;
        using static SegGen.Torch.torch;

        namespace Demo;

        """;

    // ---- the attribute argument at fault ---------------------------------------------------------

    [Fact]
    public void ChannelCountOfZeroIsReportedAtTheArgument()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(0, 3)] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0004", (8, 10), "0", "a channel count must be positive, got 0");
    }

    [Fact]
    public void MisspeltHyperparameterInsideAChannelExpressionIsReportedAtTheName()
    {
        var source = Preamble + """
            [Model, Hyperparameter("width", 8), Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv("2*widht", 3)] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0006", (8, 13), "widht", "'widht' is not a hyperparameter; did you mean 'width'?");
    }

    [Fact]
    public void PoolPaddingBeyondHalfTheWindowIsReportedAtThePadValue()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(8, 3), MaxPool(2, pad: 2)] public partial nn.Module? stem { get; }
            }
            """;

        AssertSingle(source, "SEG0004", (8, 33), "2", "'stem.1': pad (2) must be at most half the kernel size (2), as PyTorch requires");
    }

    [Fact]
    public void ChannelMismatchOfAnAddIsReportedAtItsAttribute()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(8, 3, pad: 1)] readonly Conv2d a;
                [Conv(16, 3, pad: 1)] readonly Conv2d b;
                [Add(nameof(a))] public partial nn.Module? sum { get; }
            }
            """;

        var diagnostic = Assert.Single(Diagnose(source));

        Assert.Equal("SEG0009", diagnostic.Id);
        Assert.Equal("Add(nameof(a))", Underlined(diagnostic, source));
    }

    // ---- misuse of C# ----------------------------------------------------------------------------

    [Fact]
    public void ModelClassThatIsNotPartialIsReportedAtItsName()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public class Broken
            {
                [Conv(8, 3)] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0016", (6, 13), "Broken",
            "model class 'Broken' must be partial: the generator completes it with the module's layers, constructor and forward");
    }

    [Fact]
    public void ModelRecordIsReportedAtItsName()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial record Broken
            {
                [Conv(8, 3)] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0016", (6, 22), "Broken", "model class 'Broken' must be a class: the generator completes it into a module");
    }

    /// <summary>Whatever is half-typed in an editor, the generator answers with diagnostics, never an exception (CS8785) or SEG0015.</summary>
    [Theory]
    [InlineData("[Conv] readonly Conv2d stem;")]
    [InlineData("[Conv(8)] readonly Conv2d stem;")]
    [InlineData("[Macro] public partial nn.Module? stem { get; }")]
    [InlineData("[From] [ReLU] public partial nn.Module? stem { get; }")]
    [InlineData("[From(nameof(stem))] public partial nn.Module? stem { get; }")]
    [InlineData("[Conv(new object[] { 8 }, 3)] readonly Conv2d stem;")]
    [InlineData("[Conv(8, 3, Repeat = 0)] public partial nn.Module? stem { get; }")]
    [InlineData("[Conv(\"8 +\", 3)] readonly Conv2d stem;")]
    [InlineData("[Conv(\"a\" + \"b(\", 3)] readonly Conv2d stem;")]
    [InlineData("[Add] public partial nn.Module? stem { get; }")]
    [InlineData("[Conv(8, 3)] static Conv2d stem;")]
    [InlineData("[Conv(8, 3)] Conv2d stem => null!;")]
    [InlineData("[Conv(8, 3)] void stem() { }")]
    public void HalfTypedMembersGetDiagnosticsNotExceptions(string member)
    {
        var source = Preamble + "[Model, Input(\"image\", \"N\", 3, \"H\", \"W\")]\npublic partial class Broken\n{\n    " + member + "\n}\n";

        var diagnostics = Diagnose(source);

        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "SEG0015");
    }

    [Fact]
    public void NonConstantArgumentIsReportedAtIt()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                static readonly int Width = 8;
                [Conv(Width, 3)] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0017", (9, 10), "Width",
            "'Width' is not a constant: write a number, true/false, a string such as \"2*width\", or nameof(member)");
    }

    [Fact]
    public void ChainDeclaredAsAFieldIsReportedAtItsType()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(8, 3), ReLU] readonly Conv2d stem;
            }
            """;

        AssertSingle(source, "SEG0018", (8, 32), "Conv2d",
            "node 'stem' is a chain of 2 ops: declare it as 'public partial nn.Module? stem { get; }', which the generated part implements (its module, or null without parameters)");
    }

    [Fact]
    public void SingleConvDeclaredAsAPartialPropertyIsReportedAtItsType()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(8, 3)] public partial nn.Module? stem { get; }
            }
            """;

        AssertSingle(source, "SEG0018", (8, 32), "nn.Module?",
            "node 'stem' is a single conv, whose module the generated constructor stores in it: declare it as a field 'Conv2d stem;' (or a get-only property)");
    }

    [Fact]
    public void ReferenceToANodeBelowIsReportedAtTheReference()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv(8, 3, pad: 1)] readonly Conv2d a;
                [Concat(nameof(c))] public partial nn.Module? b { get; }
                [Conv(8, 3, pad: 1)] readonly Conv2d c;
            }
            """;

        AssertSingle(source, "SEG0019", (9, 12), "nameof(c)",
            "node 'b' refers to 'c', which is declared after it: a node reads inputs and nodes above it, so move 'c' up");
    }

    [Fact]
    public void CallOfAnUndeclaredMacroSuggestsTheMacro()
    {
        var source = Preamble + """
            [Model, Input("image", "N", 3, "H", "W")]
            public partial class Broken
            {
                [Conv("c", 3), ReLU] static partial void cr(long c);
                [Macro("crr", 8)] public partial nn.Module? stem { get; }
            }
            """;

        AssertSingle(source, "SEG0002", (9, 11), "\"crr\"", "no macro 'crr' in Broken; a macro is a method with op attributes; did you mean 'cr'?");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static ImmutableArray<Diagnostic> Diagnose(string source) => GeneratorHarness.ForCSharp([(FileName, source)]).Run().Diagnostics;

    private static string Underlined(Diagnostic diagnostic, string source) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(source).ToString(diagnostic.Location.SourceSpan);

    private static void AssertSingle(string source, string id, (int Line, int Column) at, string underlined, string message) =>
        DiagnosticAssert.Located(Assert.Single(Diagnose(source)), "/src/" + FileName, source, id, at, underlined, message);
}
