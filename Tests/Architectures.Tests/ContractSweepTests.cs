using System;
using SegGen.Architectures.Tests.Support;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests;

/// <summary>
/// Each zoo model's derived contract against libtorch itself: over a sweep of square sizes its PyTorch twin
/// runs (and, where the model declares an output of the input's size, produces that size) at exactly the
/// sizes the contract accepts; at those sizes the SegGen model gives PyTorch's output size, at the others
/// its guard refuses the input before any libtorch call. Base width 1: sizes do not depend on it.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class ContractSweepTests
{
    [Theory]
    [InlineData("FCN32s", 21, 1, 40, true)]
    [InlineData("FCN16s", 21, 1, 40, true)]
    [InlineData("FCN8s", 21, 1, 40, true)]
    [InlineData("SegNet", 11, 1, 40, true)]
    // Floor-mode pools: five of them need 32 pixels, and unpooling restores odd sizes exactly.
    [InlineData("SegNetFloor", 11, 1, 40, true)]
    [InlineData("BayesianSegNet", 11, 1, 40, true)]
    // fc6's 7x7 window needs a 7x7 pool5: the smallest input is 193 (ceil-mode pools).
    [InlineData("DeconvNet", 21, 180, 210, true)]
    // Output stride 8, no final resize: any size runs, the output is ⌊(H+14)/8⌋.
    [InlineData("DeepLabLargeFOV", 21, 1, 40, false)]
    [InlineData("UNet", 2, 1, 70, true)]
    // The backbones: any size from 32 on (floor-mode pools), output ⌊H/32⌋ with 8·width channels (here in place of classes).
    [InlineData("VGG16", 8, 1, 40, false)]
    [InlineData("VGG16BN", 8, 1, 40, false)]
    // torchvision's widths (fixed); output stride 8, resized back to the input: any size from 1.
    [InlineData("FCNResNet50", 21, 1, 24, true)]
    [InlineData("DeepLabV3ResNet50", 21, 1, 24, true)]
    // DeepLab v2 has no final resize (any size runs, the score map is ⌊(H+7)/8⌋); DeepLabV3+ resizes to the input.
    [InlineData("DeepLabV2", 21, 1, 20, false)]
    [InlineData("DeepLabV3Plus", 21, 1, 20, true)]
    public void ContractAcceptsExactlyTheSizesLibtorchRuns(string model, long classes, int first, int last, bool keepsSize)
    {
        var reference = Zoo.Reference(model, classes, 1, "sweep", first.ToString(), last.ToString());
        try
        {
            using var net = Zoo.Create(model, classes, 1);
            net.Module.eval();
            var contract = Assert.Single(ContractOf(net.Module).Inputs);
            for (var i = 0; i <= last - first; i++)
            {
                var size = first + i;
                var (height, width) = (reference["sweep.height"][i].item<long>(), reference["sweep.width"][i].item<long>());
                var works = height >= 0 && (!keepsSize || (height == size && width == size));
                Assert.True(works == contract.Accepts(size, size),
                    $"{model} at {size}x{size}: the contract {(contract.Accepts(size, size) ? "accepts" : "rejects")} it, PyTorch's output is {height}x{width}");

                using var scope = NewDisposeScope();
                using var _ = no_grad();
                manual_seed(100 + i);
                var input = zeros(1, 3, size, size);
                if (works)
                {
                    var output = net.Forward(input)["out"];
                    Assert.Equal([1, classes, height, width], output.shape);
                }
                else
                {
                    Assert.Throws<ArgumentException>(() => net.Forward(input));
                }
            }
        }
        finally
        {
            foreach (var tensor in reference.Values) tensor.Dispose();
        }
    }

    /// <summary>The static <c>Contract</c> every generated model has.</summary>
    private static Contracts.ModelContract ContractOf(nn.Module net) =>
        (Contracts.ModelContract)net.GetType().GetProperty("Contract")!.GetValue(null)!;
}
