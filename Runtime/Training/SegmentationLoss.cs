using System;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>
/// A model's logits for training: the main head's and, for models with an auxiliary head (PSPNet's,
/// DeepLab's deep supervision), the auxiliary head's, which only the training loss uses.
/// </summary>
public sealed record SegmentationLogits(Tensor Main, Tensor? Auxiliary = null);

/// <summary>
/// The training loss: cross-entropy over the pixels whose label is not the ignore index, optionally weighted
/// per class (PyTorch's weighted mean: Σ w[y]·nll / Σ w[y]), plus <c>auxWeight</c> times the same loss on the
/// auxiliary logits, which are first resized bilinearly to the mask's size when they are smaller.
/// </summary>
public static class SegmentationLoss
{
    public static Tensor Compute(SegmentationLogits logits, Tensor masks, Tensor? classWeights, long ignoreIndex, double auxWeight)
    {
        var loss = nn.functional.cross_entropy(logits.Main, masks, classWeights, ignoreIndex);
        if (logits.Auxiliary is not { } auxiliary || auxWeight == 0) return loss;
        if (auxiliary.size(2) != masks.size(1) || auxiliary.size(3) != masks.size(2))
        {
            auxiliary = nn.functional.interpolate(auxiliary, [masks.size(1), masks.size(2)], mode: InterpolationMode.Bilinear, align_corners: false);
        }
        return loss + nn.functional.cross_entropy(auxiliary, masks, classWeights, ignoreIndex) * auxWeight;
    }

    /// <summary>The forward pass of a model with one output, for <see cref="Trainer"/>.</summary>
    public static Func<Tensor, SegmentationLogits> MainOnly(nn.Module<Tensor, Tensor> model) => input => new SegmentationLogits(model.forward(input));
}
