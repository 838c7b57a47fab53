using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Robustness;

/// <summary>
/// Found by compiling the code generated for edited models: some declared names made code that does not
/// build (an error in a generated file, not at the YAML). They are reported at the name instead.
/// </summary>
public sealed class NamesThatWouldNotCompileTests
{
    [Theory]
    [InlineData("forward")]
    [InlineData("Contract")]
    [InlineData("Graph")]
    [InlineData("training")]
    [InlineData("register_module")]
    [InlineData("sample_dropout")]
    [InlineData("dropout_active")]
    [InlineData("M")]
    public void LayerHyperparameterOrInputNamedLikeAMemberOfTheModelIsADuplicateName(string name)
    {
        string[] models =
        [
            $"model: M\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  {name}: [conv(2, 3, pad=1), relu]\n",
            $"model: M\nhyperparameters:\n  {name}: 2\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: conv({name}, 1)\n",
            $"model: M\ninputs:\n  {name}: [N, 1, H, W]\nlayers:\n  a: conv(2, 1)\n",
        ];
        foreach (var yaml in models)
        {
            var run = GeneratorHarness.ForYaml(("M.seg.yaml", yaml)).Run();
            Assert.Empty(run.GeneratedTrees);
            var duplicate = Assert.Single(run.Diagnostics, d => d.Id == "SEG0007");
            Assert.Equal(name, yaml.Substring(duplicate.Location.SourceSpan.Start, duplicate.Location.SourceSpan.Length));
        }
    }

    [Fact]
    public void InputNameThatIsNotAnIdentifierIsReportedAtTheName()
    {
        const string yaml = "model: M\ninputs:\n  rgb(: [N, 3, H, W]\nlayers:\n  a: conv(2, 1)\n";
        var run = GeneratorHarness.ForYaml(("M.seg.yaml", yaml)).Run();
        Assert.Empty(run.GeneratedTrees);
        var error = Assert.Single(run.Diagnostics);
        Assert.Equal(("SEG0002", "rgb("), (error.Id, yaml.Substring(error.Location.SourceSpan.Start, error.Location.SourceSpan.Length)));
    }

    [Fact]
    public void EmptyInputsAndLayersSectionsAreReported()
    {
        const string yaml = "model: M\ninputs: {}\nlayers: {}\n";
        var run = GeneratorHarness.ForYaml(("M.seg.yaml", yaml)).Run();
        Assert.Equal(["the model declares no 'inputs' (e.g. image: [N, 3, H, W])", "the model declares no 'layers'"],
            run.Diagnostics.Select(d => d.GetMessage()));
    }
}
