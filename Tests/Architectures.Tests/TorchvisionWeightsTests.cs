using System.Linq;
using SegGen.Runtime.Tests.Support;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Architectures.Tests;

/// <summary>
/// Weights from torchvision load by name. The FCNs and DeepLab-LargeFOV name their VGG16 trunk as torchvision's <c>vgg16().features</c>, so
/// torchvision's convolution weights (ImageNet initialisation, as in the papers) load by name: every
/// key is the model's, no shape differs, and what stays missing is exactly the layers past the trunk. The
/// ResNet-based models take a whole torchvision checkpoint (torch.save of the state dict) as
/// TrainingCheckpoint.LoadModel reads it, and a checkpoint that does not fit is refused naming each key.
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

    [Theory]
    [InlineData("FCNResNet50")]
    [InlineData("DeepLabV3ResNet101")]
    public void TorchvisionCheckpointLoadsIntoTheZooModelByName(string model)
    {
        var path = Checkpoint(model);
        var expected = load(path);
        try
        {
            using var net = Support.Zoo.Create(model, 21, 0);

            Training.TrainingCheckpoint.LoadModel(path, net.Module);

            var state = net.Module.state_dict();
            Assert.Equal(expected.Keys.Order(System.StringComparer.Ordinal), state.Keys.Order(System.StringComparer.Ordinal));
            TensorAssert.Equal(expected["backbone.layer3.5.conv2.weight"], state["backbone.layer3.5.conv2.weight"], "a dilated layer3 convolution");
            TensorAssert.Equal(expected["classifier.4.weight"], state["classifier.4.weight"], "the classifier");
        }
        finally
        {
            foreach (var tensor in expected.Values) tensor.Dispose();
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void CheckpointWithAMissingKeyAndAWrongShapeIsRefusedNamingBoth()
    {
        var path = Checkpoint("FCNResNet50", "broken");
        try
        {
            using var net = new FCNResNet50();

            var error = Assert.Throws<System.IO.InvalidDataException>(() => Training.TrainingCheckpoint.LoadModel(path, net));

            Assert.Equal($"{path}: cannot load state dict into FCNResNet50: missing keys: aux_classifier.4.bias; " +
                "shape mismatches: classifier.4.weight: checkpoint [10, 512, 1, 1], model [21, 512, 1, 1]", error.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    /// <summary>torchvision_checkpoint.py's .pt file for <paramref name="model"/> (the caller deletes it).</summary>
    private static string Checkpoint(string model, params string[] arguments)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"seggen-{model}-{System.Guid.NewGuid():N}.pt");
        PyTorchReference.Run("torchvision_checkpoint.py", [model, path, .. arguments]);
        return path;
    }
}
