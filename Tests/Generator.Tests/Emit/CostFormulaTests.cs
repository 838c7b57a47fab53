using System.Linq;
using SegGen.Generator.Tests.Properties;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests.Emit;

/// <summary>
/// The generated <c>MultiplyAccumulates</c> where its parameters could collide: two inputs with their own
/// size symbols, and a hyperparameter named like a size symbol (legal, if unwise). The random-stack property
/// test compares the formula with libtorch; these pin the signatures.
/// </summary>
public class CostFormulaTests
{
    private const string TwoInputs = """
        model: TwoInputs
        hyperparameters:
          width: 4
        inputs:
          rgb: [N, 3, H, W]
          depth: [N, 1, P, Q]
        layers:
          colour: conv(width, 3, pad=1)
          geometry: {from: depth, ops: [maxpool(2, ceil=true), conv(width, 3, pad=1)]}
        """;

    private const string SymbolNamedHyperparameter = """
        model: SymbolNamed
        hyperparameters:
          H: 4
        inputs:
          image: [N, 3, H, W]
        layers:
          a: conv(H, 3, pad=1)
        """;

    [Fact]
    public void EachSizeSymbolIsOneParameterAndEveryInputIsCounted()
    {
        using var models = Compile(("TwoInputs.seg.yaml", TwoInputs));

        // colour: 3·4·9 weights at 5×7; geometry: 1·4·9 weights at ⌈3/2⌉×⌈4/2⌉ = 2×2.
        Assert.Equal(3 * 4 * 9 * 5 * 7 + 1 * 4 * 9 * 2 * 2, models.MultiplyAccumulates("Tests.TwoInputs", 5, 7, 3, 4));
    }

    [Fact]
    public void ASizeSymbolNamedLikeAHyperparameterYieldsItsName()
    {
        using var models = Compile(("SymbolNamed.seg.yaml", SymbolNamedHyperparameter));

        Assert.Equal(3 * 4 * 9 * 6 * 8, models.MultiplyAccumulates("Tests.SymbolNamed", 6, 8));
    }

    private static GeneratedModels Compile((string, string) file)
    {
        var harness = GeneratorHarness.ForYaml(file);
        harness.Run();
        Assert.Empty(harness.CompileDiagnostics());
        return GeneratedModels.Load(harness.Output!);
    }
}
