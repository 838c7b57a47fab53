using System;
using System.Linq;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Metrics;

/// <summary>
/// Pixel counts by (true class, predicted class), accumulated over any number of batches, and the scores
/// read from them. Pixels whose target is the ignore index count nowhere.
/// </summary>
/// <remarks>
/// A score that has no pixels to be computed from is NaN, and means skip NaN: a class's accuracy is
/// undefined when the targets never hold it; its IoU is undefined when neither targets nor predictions
/// hold it (a class only predicted has IoU 0 and lowers the mean). This is the rule of the FCN evaluation
/// (<c>score.py</c>, a nanmean over classes) and of torchvision's reference scripts; SegNet-Tutorial's
/// <c>compute_test_results.m</c> divides by the number of classes instead, which scores absent classes as 0.
/// </remarks>
public sealed class ConfusionMatrix
{
    /// <summary>The label PASCAL VOC and most tools use for "not annotated".</summary>
    public const long DefaultIgnoreIndex = 255;

    private readonly long[] counts;

    public ConfusionMatrix(int classCount, long ignoreIndex = DefaultIgnoreIndex)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "need at least one class");
        (ClassCount, IgnoreIndex) = (classCount, ignoreIndex);
        counts = new long[classCount * classCount];
    }

    public int ClassCount { get; }

    public long IgnoreIndex { get; }

    /// <summary>The number of pixels of class <paramref name="target"/> predicted as <paramref name="prediction"/>.</summary>
    public long this[int target, int prediction] => counts[target * ClassCount + prediction];

    /// <summary>The number of pixels counted (ignored ones excluded).</summary>
    public long Total => counts.Sum();

    /// <summary>
    /// Adds the pixels of a batch: <paramref name="prediction"/> and <paramref name="target"/> are integer label
    /// tensors of one shape (e.g. [N, H, W]; take the argmax over the class dimension of logits first).
    /// </summary>
    public void Update(Tensor prediction, Tensor target)
    {
        if (!prediction.shape.SequenceEqual(target.shape))
        {
            throw new ArgumentException($"prediction [{string.Join(", ", prediction.shape)}] and target [{string.Join(", ", target.shape)}] differ in shape");
        }
        using var scope = NewDisposeScope();
        var (predicted, actual) = (prediction.flatten().@long(), target.flatten().@long());
        var counted = actual.ne(IgnoreIndex);
        CheckLabels(actual, counted, "target");
        CheckLabels(predicted, counted, "prediction");
        // One bincount over target·C + prediction fills the whole matrix on libtorch's side; ignored pixels
        // go to an extra bin past the matrix, which is dropped.
        var cells = (actual * ClassCount + predicted).masked_fill(counted.logical_not(), counts.Length);
        var histogram = cells.bincount(minlength: counts.Length + 1).ToArray<long>();
        for (var i = 0; i < counts.Length; i++) counts[i] += histogram[i];
    }

    /// <summary>G: the fraction of counted pixels predicted correctly.</summary>
    public double GlobalAccuracy => Ratio(Enumerable.Range(0, ClassCount).Sum(c => this[c, c]), Total);

    /// <summary>Per class: the fraction of its pixels predicted as it (recall); NaN for a class the targets never hold.</summary>
    public double[] ClassAccuracy() => Enumerable.Range(0, ClassCount).Select(c => Ratio(this[c, c], TargetCount(c))).ToArray();

    /// <summary>C: the mean of <see cref="ClassAccuracy"/> over the classes the targets hold.</summary>
    public double MeanClassAccuracy => Averages.NanMean(ClassAccuracy());

    /// <summary>Per class: true positives / (true positives + false positives + false negatives); NaN for a class neither targets nor predictions hold.</summary>
    public double[] ClassIoU() => Enumerable.Range(0, ClassCount)
        .Select(c => Ratio(this[c, c], TargetCount(c) + PredictedCount(c) - this[c, c])).ToArray();

    /// <summary>mIoU: the mean of <see cref="ClassIoU"/> over the classes targets or predictions hold.</summary>
    public double MeanIoU => Averages.NanMean(ClassIoU());

    private long TargetCount(int c) => Enumerable.Range(0, ClassCount).Sum(p => this[c, p]);

    private long PredictedCount(int c) => Enumerable.Range(0, ClassCount).Sum(t => this[t, c]);

    private static double Ratio(long part, long whole) => whole == 0 ? double.NaN : (double)part / whole;

    /// <summary>Throws, naming the first offending value, when a counted pixel's label is not a class.</summary>
    private void CheckLabels(Tensor labels, Tensor counted, string what)
    {
        var bad = counted.logical_and(labels.lt(0).logical_or(labels.ge(ClassCount)));
        if (!bad.any().item<bool>()) return;
        var first = bad.@long().argmax().item<long>();
        var value = labels[first].item<long>();
        var allowed = what == "target" ? $" or the ignore index {IgnoreIndex}" : "";
        throw new ArgumentException($"{what} holds label {value} (at flat position {first}); labels must lie in 0..{ClassCount - 1}{allowed}");
    }
}
