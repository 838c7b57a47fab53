using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Runtime.Tests;

/// <summary>nn.functional against PyTorch's values for the same inputs, odd sizes included.</summary>
[Collection(GlobalRandomCollection.Name)]
public class FunctionalTests
{
    private static Tensor Ref(string name) => OpsReference.Get(name);

    [Fact]
    public void Conv2dHonoursStridePaddingDilationAndGroups()
    {
        using var scope = NewDisposeScope();
        var (x, w, b) = (Ref("conv.x"), Ref("conv.w"), Ref("conv.b"));
        TensorAssert.Close(Ref("conv2d"), F.conv2d(x, w, b, strides: [2], padding: [1], dilation: [2], groups: 2), 1e-4);
        TensorAssert.Close(Ref("conv2d.nobias"), F.conv2d(x, w[.., .., ..2], null, strides: [1, 2], padding: [0, 1], groups: 2), 1e-4);
    }

    [Fact]
    public void ConvTranspose2dHonoursOutputPaddingAndDilation()
    {
        using var scope = NewDisposeScope();
        var (x, w, b) = (Ref("deconv.x"), Ref("deconv.w"), Ref("deconv.b"));
        TensorAssert.Close(Ref("conv_transpose2d"), F.conv_transpose2d(x, w, b, strides: [2], padding: [1], output_padding: [1]), 1e-4);
        TensorAssert.Close(Ref("conv_transpose2d.dilated"), F.conv_transpose2d(x, w, null, strides: [3], dilation: [2]), 1e-4);
    }

    [Fact]
    public void BatchNormNormalisesAndUpdatesRunningStatisticsInTraining()
    {
        using var scope = NewDisposeScope();
        var (x, w, b) = (Ref("bn.x"), Ref("bn.w"), Ref("bn.b"));
        TensorAssert.Close(Ref("bn.eval"), F.batch_norm(x, Ref("bn.rm"), Ref("bn.rv"), w, b, training: false));
        var (mean, variance) = (Ref("bn.rm").clone(), Ref("bn.rv").clone());
        TensorAssert.Close(Ref("bn.train"), F.batch_norm(x, mean, variance, w, b, training: true, momentum: 0.1));
        TensorAssert.Close(Ref("bn.train.rm"), mean, what: "running mean");
        TensorAssert.Close(Ref("bn.train.rv"), variance, what: "running var");
    }

    [Fact]
    public void MaxPoolingInCeilModeReturnsPyTorchsValuesAndIndices()
    {
        using var scope = NewDisposeScope();
        var x = Ref("pool.x");
        var (pooled, indices) = F.max_pool2d_with_indices(x, [3], [2], [1], ceil_mode: true);
        TensorAssert.Equal(Ref("max_pool2d"), pooled);
        TensorAssert.Equal(Ref("max_pool2d.indices"), indices);
        TensorAssert.Equal(Ref("max_pool2d.floor"), F.max_pool2d(x, [2]));
    }

    [Fact]
    public void MaxUnpoolRestoresOddSizesWhenTheOutputSizeIsGiven()
    {
        using var scope = NewDisposeScope();
        var (pooled, indices) = F.max_pool2d_with_indices(Ref("pool.x"), [2]);
        TensorAssert.Equal(Ref("max_unpool2d"), F.max_unpool2d(pooled, indices, [11, 14]));
        TensorAssert.Equal(Ref("max_unpool2d.default"), F.max_unpool2d(pooled, indices, kernel_size: [2]));
    }

    [Fact]
    public void AveragePoolingMatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Ref("pool.x");
        TensorAssert.Close(Ref("avg_pool2d"), F.avg_pool2d(x, [3], [2], [1], ceil_mode: true, count_include_pad: false));
        TensorAssert.Close(Ref("avg_pool2d.plain"), F.avg_pool2d(x, [2]));
        TensorAssert.Close(Ref("adaptive_avg_pool2d"), F.adaptive_avg_pool2d(x, [3, 4]));
        TensorAssert.Close(Ref("gap"), F.adaptive_avg_pool2d(x, [1]));
    }

    [Fact]
    public void InterpolateBySizeOrScaleMatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Ref("pool.x");
        TensorAssert.Equal(Ref("interpolate.nearest.size"), F.interpolate(x, size: [7, 20]));
        TensorAssert.Equal(Ref("interpolate.nearest.scale"), F.interpolate(x, scale_factor: [2]));
        TensorAssert.Close(Ref("interpolate.bilinear.scale"),
            F.interpolate(x, scale_factor: [2.5], mode: InterpolationMode.Bilinear, align_corners: false));
        TensorAssert.Close(Ref("interpolate.bilinear.aligned"),
            F.interpolate(x, size: [21, 9], mode: InterpolationMode.Bilinear, align_corners: true));
    }

    [Fact]
    public void PaddingModesMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Ref("pool.x");
        TensorAssert.Equal(Ref("pad.constant"), F.pad(x, [1, 2, 3, 0], value: -1.5));
        TensorAssert.Equal(Ref("pad.reflect"), F.pad(x, [2, 1, 0, 3], PaddingModes.Reflect));
        TensorAssert.Equal(Ref("pad.replicate"), F.pad(x, [2, 1, 0, 3], PaddingModes.Replicate));
    }

    [Fact]
    public void CrossEntropyHonoursClassWeightsIgnoreIndexAndReduction()
    {
        using var scope = NewDisposeScope();
        var (logits, target, weight) = (Ref("ce.logits"), Ref("ce.target"), Ref("ce.weight"));
        TensorAssert.Close(Ref("cross_entropy"), F.cross_entropy(logits, target, weight, ignore_index: 255));
        TensorAssert.Close(Ref("cross_entropy.sum"), F.cross_entropy(logits, target, ignore_index: 255, reduction: Reduction.Sum), 1e-4);
        TensorAssert.Close(Ref("cross_entropy.none"), F.cross_entropy(logits, target, ignore_index: 255, reduction: Reduction.None));
        TensorAssert.Close(Ref("cross_entropy.smooth"), F.cross_entropy(logits, target.clamp(max: 4), label_smoothing: 0.1));
        TensorAssert.Close(Ref("nll_loss"), F.nll_loss(logits.log_softmax(1), target, weight, ignore_index: 255));
    }

    [Fact]
    public void SeededDropoutDrawsTheSameMaskAsPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Ref("dropout.x");
        manual_seed(7);
        TensorAssert.Equal(Ref("dropout"), F.dropout(x, 0.3, training: true));
        manual_seed(7);
        TensorAssert.Equal(Ref("dropout2d"), F.dropout2d(x, 0.5, training: true));
        TensorAssert.Equal(x, F.dropout(x, 0.3, training: false), "dropout in eval mode is the identity");
    }
}
