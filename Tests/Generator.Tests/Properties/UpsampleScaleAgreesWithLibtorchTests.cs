using System.Linq;
using Microsoft.CodeAnalysis.Text;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Generator.Tests.Properties;

/// <summary>
/// libtorch sizes an upsample as ⌊H·scale⌋ computed in floating point. For the scales a person writes
/// (0.7 is not a binary fraction) that is not always the exact ⌊H·7/10⌋, so the engine either models a
/// scale exactly or refuses it; it never claims a size libtorch does not produce.
/// </summary>
public sealed class UpsampleScaleAgreesWithLibtorchTests
{
    private const long LargestHeight = 2048;

    [Theory]
    [InlineData("2")]
    [InlineData("3")]
    [InlineData("0.5")]
    [InlineData("0.25")]
    [InlineData("0.75")]
    [InlineData("1.5")]
    [InlineData("0.0009765625")]
    [InlineData("0.7")]
    [InlineData("0.29")]
    [InlineData("0.001")]
    public void EngineRefusesTheScaleOrPredictsLibtorchsHeightForEveryInputHeightUpTo2048(string scale)
    {
        var yaml = $"model: Up\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  up: upsample(scale={scale}, mode=nearest)\n";
        var check = ModelPipeline.Check(ModelPipeline.Parse("/models/Up.seg.yaml", SourceText.From(yaml), default), default);
        if (check.Shapes is not { } shapes)
        {
            var refusal = Assert.Single(check.Diagnostics);
            Assert.Equal("SEG0004", refusal.Id);
            Assert.Equal(4, refusal.Location.Line);
            return;
        }
        var height = shapes.Of(check.Model!.Outputs[0].OpId).Height;
        var contract = shapes.Contracts[0].Height;
        var factor = double.Parse(scale, System.Globalization.CultureInfo.InvariantCulture);
        // ⌊H·scale⌋ grows with H, so below the smallest accepted height libtorch must fail (checking one suffices).
        var smallest = contract.SmallestAccepted;
        Assert.True(smallest == 1 || LibtorchHeight(smallest - 1, factor) == 0, $"scale={scale}: libtorch accepts H={smallest - 1} ({contract.Text})");
        var wrong = Enumerable.Range((int)smallest, (int)(LargestHeight - smallest + 1))
            .Select(h => (H: h, Engine: height.Evaluate(h), Libtorch: LibtorchHeight(h, factor)))
            .Where(x => x.Engine != x.Libtorch)
            .Take(5)
            .Select(x => $"H={x.H}: engine {x.Engine}, libtorch {x.Libtorch}")
            .ToList();
        Assert.True(wrong.Count == 0, $"scale={scale} ({height.Text}, {contract.Text}): {string.Join("; ", wrong)}");
    }

    [Fact]
    public void ScaleFromAHyperparameterIsRefusedBecauseAnotherValueWouldBreakTheContract()
    {
        var yaml = "model: Up\nhyperparameters:\n  factor: 2.0\ninputs:\n  image: [N, 1, H, W]\nlayers:\n  up: upsample(scale=factor)\n";
        var check = ModelPipeline.Check(ModelPipeline.Parse("/models/Up.seg.yaml", SourceText.From(yaml), default), default);
        var refusal = Assert.Single(check.Diagnostics);
        Assert.Equal(("SEG0004", 6, 21), (refusal.Id, refusal.Location.Line, refusal.Location.Column));
        Assert.Contains("not hyperparameter 'factor'", refusal.Message);
    }

    /// <summary>The height libtorch gives a 1-wide map of height <paramref name="h"/>, or 0 when it refuses.</summary>
    private static long LibtorchHeight(long h, double factor)
    {
        using var scope = NewDisposeScope();
        try
        {
            return F.interpolate(zeros(1, 1, h, 1), scale_factor: [factor, 1], mode: InterpolationMode.Nearest).size(2);
        }
        catch (TorchException)
        {
            return 0;
        }
    }
}
