using System.Collections.Generic;
using System.Linq;
using SegGen.Contracts;
using SegGen.Generator.Tests.Support;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Generator.Tests.Properties;

/// <summary>
/// The prepared forward of generated models (optimize_for_inference: folding, packed convolutions with fused sums and
/// ReLUs, channels-last, in-place ReLU) gives the ordinary forward's outputs within 1e-4 on graphs the zoo does not
/// have: residual sums and used models (TinyDeepLab over TinyResNet, Bottleneck and Aspp), sums that must not be
/// fused (FusionEdges), several outputs, crops, dilations, concatenation, dropout.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class PreparedForwardTests
{
    [Theory]
    [InlineData("Demo.TinySegNet")]
    [InlineData("Demo.TinyUNet")]
    [InlineData("Demo.TinyFcn8s")]
    [InlineData("Demo.AuxHeadNet")]
    [InlineData("Demo.McDropoutNet")]
    [InlineData("Demo.TinyResNet")]
    [InlineData("Demo.TinyDeepLab")]
    [InlineData("Demo.FusionEdges")]
    public void PreparedForwardGivesTheOrdinaryOutputs(string typeName)
    {
        var harness = GeneratorHarness.ForModels("TinySegNet", "TinyUNet", "TinyFcn8s", "AuxHeadNet", "McDropoutNet", "TinyResNet", "TinyDeepLab", "Bottleneck", "Aspp", "FusionEdges");
        Assert.DoesNotContain(harness.Run().Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        using var models = GeneratedModels.Load(harness.Output!);
        using var scope = NewDisposeScope();
        manual_seed(11);
        var model = models.CreateAny(typeName);
        BatchNormStatistics.Randomise(model);
        var input = randn(2, 3, Accepted(model, 0, 21), Accepted(model, 1, 30));
        using var _ = no_grad();

        var ordinary = Outputs(model, input);
        model.optimize_for_inference();
        Assert.True(model.inference_optimized);
        var prepared = Outputs(model, input);
        Assert.Equal(ordinary.Count, prepared.Count);
        for (var i = 0; i < ordinary.Count; i++)
        {
            Assert.True(prepared[i].is_contiguous(), $"{typeName} output {i} leaves contiguous, as the ordinary forward's");
            TensorAssert.Close(ordinary[i], prepared[i], atol: 1e-4, rtol: 0, what: $"{typeName} output {i}");
        }
    }

    [Fact]
    public void AConvolutionSumsInPlaceOnlyOntoATensorNothingReadsAfterIt()
    {
        var result = GeneratorHarness.ForModels("FusionEdges").Run();
        var source = Assert.Single(result.Results[0].GeneratedSources, s => s.HintName == "FusionEdges.g.cs").SourceText.ToString();

        // stem is read by 'again' later, early is a result: their adds stay ordinary sums.
        Assert.Contains("new global::SegGen.Torch.Modules.PackedConv2d(model.early_0, model.early_1);", source);
        Assert.Contains("var early_2 = global::SegGen.Contracts.ModelOps.sum(early_1, stem_1);", source);
        Assert.Contains("new global::SegGen.Torch.Modules.PackedConv2d(model.onto_result_0);", source);
        // onto_result dies at the last add: that convolution sums onto it and applies the ReLU in its own pass.
        Assert.Contains("new global::SegGen.Torch.Modules.PackedConv2d(model.fused_0, model.fused_1, sum: true, relu: true);", source);
        Assert.Contains("var fused_0 = this.fused_0_packed.forward(early_3, onto_result_1);", source);
    }

    /// <summary>The first size from <paramref name="from"/> up that the model's first input accepts in dimension 0 (height) or 1 (width).</summary>
    private static long Accepted(nn.Module model, int dimension, long from)
    {
        var contract = (ModelContract)model.GetType().GetProperty("Contract")!.GetValue(null)!;
        var input = contract.Inputs[0];
        return (dimension == 0 ? input.Height : input.Width).NextAccepted(from);
    }

    /// <summary>Calls forward by reflection (with the same dropout draws each time) and lists the output tensors.</summary>
    private static List<Tensor> Outputs(nn.Module model, Tensor input)
    {
        manual_seed(5);
        var result = model.GetType().GetMethod("forward")!.Invoke(model, [input])!;
        return result is Tensor single
            ? [single]
            : result.GetType().GetProperties().Where(p => p.PropertyType == typeof(Tensor)).Select(p => (Tensor)p.GetValue(result)!).ToList();
    }
}
