using SegGen.Runtime.Tests.Support;
using SegGen.Training;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Training;

/// <summary>The training loss against PyTorch's F.cross_entropy with class weights, the ignore index and an auxiliary head.</summary>
public class SegmentationLossTests
{
    private static readonly System.Collections.Generic.IReadOnlyDictionary<string, Tensor> Reference = PyTorchReference.Load("training.py");

    [Fact]
    public void WeightedCrossEntropySkippingIgnoredPixelsIsPyTorchs()
    {
        using var loss = SegmentationLoss.Compute(new SegmentationLogits(Reference["loss/logits"]), Reference["loss/target"], Reference["loss/weight"], 255, auxWeight: 0.4);
        TensorAssert.Close(Reference["loss/main"], loss, 1e-6, 1e-6);
    }

    [Fact]
    public void AnAuxiliaryHeadAddsItsWeightedLossAfterUpsamplingToTheMask()
    {
        using var loss = SegmentationLoss.Compute(new SegmentationLogits(Reference["loss/logits"], Reference["loss/aux"]), Reference["loss/target"], Reference["loss/weight"], 255, auxWeight: 0.4);
        TensorAssert.Close(Reference["loss/total"], loss, 1e-6, 1e-6);
    }
}
