using SegGen.Runtime.Tests.Support;
using Xunit;

namespace SegGen.Architectures.Tests;

/// <summary>
/// DeepLab v2 (ASPP-L on ResNet-101) and DeepLabV3+ (ResNet-50) against their twins in reference/deeplab_nets.py,
/// built on torchvision's own dilated ResNets and ASPP, with the zoo's parity, contract and cost checks. Full width,
/// so the sizes are small: the backbones are what they are, and these run on two cores.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class DeepLabResNetTests
{
    [Theory]
    // Output stride 8: 33 → 17 → 9 → 5 at layer2 and on; the score map stays at that size.
    [InlineData("DeepLabV2", 21, new[] { "33x41", "24x24" })]
    // Output stride 16 (layer1 at stride 4): the ASPP output is resized to 9x11, the scores to the input's 33x41.
    [InlineData("DeepLabV3Plus", 21, new[] { "33x41", "29x29" })]
    public void MatchesThePyTorchReference(string model, long classes, string[] sizes) =>
        new ParityTests().MatchesThePyTorchReference(model, classes, 0, sizes);

    [Theory]
    // No final resize: any size runs, the score map is ⌊(H+7)/8⌋.
    [InlineData("DeepLabV2", 21, 1, 20, false)]
    [InlineData("DeepLabV3Plus", 21, 1, 20, true)]
    public void ContractAcceptsExactlyTheSizesLibtorchRuns(string model, long classes, int first, int last, bool keepsSize) =>
        new ContractSweepTests().ContractAcceptsExactlyTheSizesLibtorchRuns(model, classes, first, last, keepsSize);

    [Theory]
    [InlineData("DeepLabV2", 21, 41, 57)]
    [InlineData("DeepLabV3Plus", 21, 41, 57)]
    public void MultiplyAccumulatesAreWhatPyTorchCounts(string model, long classes, long height, long width) =>
        new CostTests().MultiplyAccumulatesAreWhatPyTorchCounts(model, classes, height, width);
}
