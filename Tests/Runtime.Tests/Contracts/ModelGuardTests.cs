using System;
using SegGen.Contracts;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Contracts;

/// <summary>The guard generated forwards run first: its message must say what is wrong and what would work.</summary>
public class ModelGuardTests
{
    // H ≡ 0 (mod 4), H ≥ 8; W ≥ 1.
    private static readonly ModelContract Contract = new("Net",
    [
        new InputContract("image", "[N, 3, H, W]", new DimContract("H", 4, [8, -1, -1, -1]), new DimContract("W", 1, [1])),
    ]);

    [Fact]
    public void AcceptedInputPasses()
    {
        using var image = zeros(2, 3, 12, 7);
        ModelGuard.Check(Contract, 0, image, 3);
    }

    [Fact]
    public void RejectedSizeNamesModelInputContractActualShapeAndSizeToPadTo()
    {
        using var image = zeros(1, 3, 13, 7);
        var error = Assert.Throws<ArgumentException>(() => ModelGuard.Check(Contract, 0, image, 3));
        Assert.StartsWith("Net: input 'image' expects [N, 3, H, W] with H ≡ 0 (mod 4), H ≥ 8; W ≥ 1, got [1, 3, 13, 7]: H = 13 is not accepted; pad to 16×7", error.Message);
    }

    [Fact]
    public void WrongChannelsAndRankAreNamed()
    {
        using var rgba = zeros(1, 4, 8, 8);
        Assert.Contains("got [1, 4, 8, 8]: 4 channels instead of 3", Assert.Throws<ArgumentException>(() => ModelGuard.Check(Contract, 0, rgba, 3)).Message);
        using var flat = zeros(3, 8, 8);
        Assert.Contains("got [3, 8, 8]: a rank-3 tensor", Assert.Throws<ArgumentException>(() => ModelGuard.Check(Contract, 0, flat, 3)).Message);
    }

    [Fact]
    public void TooSmallSizeIsRejectedEvenInAnAcceptedResidue()
    {
        Assert.False(Contract.Inputs[0].Accepts(4, 7));
        Assert.True(Contract.Inputs[0].Accepts(8, 7));
        Assert.Equal(8, Contract.Inputs[0].Height.NextAccepted(1));
    }
}
