using SegGen.Architectures.Tests.Support;
using SegGen.Runtime.Tests.Support;
using Xunit;

namespace SegGen.Architectures.Tests;

/// <summary>
/// The generated <c>MultiplyAccumulates(H, W)</c>, a formula the generator writes from its shape engine,
/// against PyTorch's twin counted layer by layer with forward hooks (weights × positions computed).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class CostTests
{
    [Theory]
    [InlineData("FCN32s", 21, 37, 53)]
    [InlineData("FCN16s", 21, 37, 53)]
    [InlineData("FCN8s", 21, 37, 53)]
    [InlineData("SegNet", 11, 45, 61)]
    [InlineData("SegNetFloor", 11, 45, 61)]
    [InlineData("VGG16", 21, 37, 45)]
    [InlineData("VGG16BN", 21, 37, 45)]
    [InlineData("DeconvNet", 21, 193, 201)]
    [InlineData("DeepLabLargeFOV", 21, 41, 57)]
    [InlineData("UNet", 2, 48, 80)]
    [InlineData("FCNResNet50", 21, 41, 57)]
    [InlineData("DeepLabV3ResNet50", 21, 41, 57)]
    [InlineData("DeepLabV3ResNet101", 21, 41, 57)]
    [InlineData("DeepLabV2", 21, 41, 57)]
    [InlineData("DeepLabV3Plus", 21, 41, 57)]
    public void MultiplyAccumulatesAreWhatPyTorchCounts(string model, long classes, long height, long width)
    {
        var reference = Zoo.Reference(model, classes, 4, "macs", $"{height}x{width}");
        using var expected = reference["macs"];

        var macs = Zoo.MultiplyAccumulates(model, classes, 4, height, width);

        Assert.Equal(expected.item<long>(), macs);
    }

    [Fact]
    public void MultiplyAccumulatesRefuseASizeTheContractRejects()
    {
        var error = Assert.Throws<System.ArgumentException>(() => UNet.MultiplyAccumulates(24, 32));

        Assert.Contains("24x32 is not an accepted size", error.Message);
    }
}
