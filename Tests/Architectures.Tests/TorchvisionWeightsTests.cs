using System.Linq;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests;

/// <summary>
/// The FCNs and DeepLab-LargeFOV name their VGG16 trunk as torchvision's <c>vgg16().features</c>, so
/// torchvision's convolution weights (ImageNet initialisation, as in the papers) load by name: every
/// key is the model's, no shape differs, and what stays missing is exactly the layers past the trunk.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class TorchvisionWeightsTests
{
    [Fact]
    public void TorchvisionVgg16FeaturesLoadIntoTheVggTrunks()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"seggen-vgg16-{System.Guid.NewGuid():N}.safetensors");
        PyTorchReference.Run("vgg16_features.py", path);
        var features = load(path);
        System.IO.File.Delete(path);
        try
        {
            using var fcn = new FCN8s();
            using var deeplab = new DeepLabLargeFOV();
            foreach (var model in new nn.Module[] { fcn, deeplab })
            {
                var report = model.load_state_dict(features, strict: false);

                Assert.Empty(report.unexpected_keys);
                Assert.Empty(report.shape_mismatches);
                Assert.DoesNotContain(report.missing_keys, k => k.StartsWith("features.", System.StringComparison.Ordinal));
                TensorAssert.Equal(features["features.28.weight"], model.state_dict()["features.28.weight"], "conv5_3's weight");
            }
        }
        finally
        {
            foreach (var tensor in features.Values) tensor.Dispose();
        }
    }
}
