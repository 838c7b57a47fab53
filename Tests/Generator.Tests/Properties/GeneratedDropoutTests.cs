using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Generator.Tests.Properties;

/// <summary>Generated dropout in eval mode: off, unless the model samples dropout (Monte Carlo inference) or the layer says mc=true.</summary>
public sealed class GeneratedDropoutTests
{
    private const string Plain = "model: Plain\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: [conv(16, 1), relu, dropout(0.5)]\n";
    private const string AlwaysOn = "model: AlwaysOn\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  a: [conv(16, 1), relu, dropout(0.5, mc=true)]\n";

    [Fact]
    public void PlainDropoutIsOffInEvalModeAndSamplesWhileTheModelSamplesDropout()
    {
        var harness = GeneratorHarness.ForYaml(("Plain.seg.yaml", Plain), ("AlwaysOn.seg.yaml", AlwaysOn));
        Assert.Empty(harness.Run().Diagnostics);
        using var models = GeneratedModels.Load(harness.Output!);
        using var scope = NewDisposeScope();
        var plain = models.Create("Tests.Plain");
        var alwaysOn = models.Create("Tests.AlwaysOn");
        var image = ones(1, 1, 6, 6);

        Assert.False(Differ(plain, image));
        Assert.True(Differ(alwaysOn, image));
        plain.sample_dropout();
        Assert.True(Differ(plain, image));
        plain.sample_dropout(false);
        Assert.False(Differ(plain, image));
    }

    /// <summary>Two passes give different outputs (dropout drew different masks).</summary>
    private static bool Differ(nn.Module<Tensor, Tensor> model, Tensor image)
    {
        using var gradients = no_grad();
        var outputs = Enumerable.Range(0, 2).Select(_ => model.forward(image)).ToList();
        return !outputs[0].allclose(outputs[1], rtol: 0, atol: 0);
    }
}
