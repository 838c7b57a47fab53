using System;
using System.Linq;
using SegGen.Torch;

namespace SegGen.Metrics;

/// <summary>
/// SegNet's boundary F1 measure (BF): how well predicted class outlines follow the true ones, with a
/// tolerance of 0.75% of the image diagonal, averaged per image and then over the images.
/// </summary>
/// <remarks>
/// Definition (SegNet, Badrinarayanan et al., TPAMI 2017, §3.3, after Csurka et al., BMVC 2013; the rules
/// below follow SegNet-Tutorial's <c>Scripts/computeBFmeasure.m</c>, which produced the published numbers):
/// <list type="bullet">
/// <item>a class's boundary pixels are its pixels with a 4-neighbour of another label (<see cref="ClassBoundaries"/>);</item>
/// <item>precision is the fraction of predicted boundary pixels within the tolerance of a true boundary pixel
/// of the same class, recall the fraction of true boundary pixels within it of a predicted one, F1 their
/// harmonic mean (0 when both are 0);</item>
/// <item>an image's score is the mean F1 over the classes with boundary pixels in the target or the
/// prediction, so a class only predicted scores 0 and lowers it; the measure is the mean over images.</item>
/// </list>
/// Two departures: matching takes any boundary pixel within the tolerance (as DAVIS's F measure does) where
/// the script's <c>correspondPixels</c> pairs pixels one-to-one; and an image with no boundary at all in
/// either map (one class everywhere) is left out of the mean, where the script would score it 0.
/// Target pixels with the ignore index are set to it in the prediction too, so outlines against unlabelled
/// areas are the same in both, as SegNet's evaluation script does for the accuracies.
/// </remarks>
public sealed class BoundaryF1
{
    /// <summary>SegNet's tolerance: 0.75% of the image diagonal.</summary>
    public const double SegNetTolerance = 0.0075;

    private double scoreSum;

    public BoundaryF1(int classCount, long ignoreIndex = ConfusionMatrix.DefaultIgnoreIndex, double tolerance = SegNetTolerance)
    {
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "need at least one class");
        if (!(tolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "the tolerance is a non-negative fraction of the image diagonal");
        (ClassCount, IgnoreIndex, Tolerance) = (classCount, ignoreIndex, tolerance);
    }

    public int ClassCount { get; }

    public long IgnoreIndex { get; }

    /// <summary>The matching distance as a fraction of the image diagonal.</summary>
    public double Tolerance { get; }

    /// <summary>The number of images that entered the mean (those with some boundary).</summary>
    public int ImageCount { get; private set; }

    /// <summary>BF: the mean image score so far; NaN before any image with a boundary.</summary>
    public double Value => ImageCount == 0 ? double.NaN : scoreSum / ImageCount;

    /// <summary>Adds the images of label tensors [N, H, W] or one image [H, W].</summary>
    public void Update(torch.Tensor prediction, torch.Tensor target)
    {
        var shape = target.shape;
        if (!prediction.shape.SequenceEqual(shape) || shape.Length is < 2 or > 3)
        {
            throw new ArgumentException($"prediction [{string.Join(", ", prediction.shape)}] and target [{string.Join(", ", shape)}] must both be [N, H, W] or [H, W]");
        }
        var (height, width) = ((int)shape[^2], (int)shape[^1]);
        var predicted = ToLongs(prediction);
        var actual = ToLongs(target);
        var plane = height * width;
        for (var start = 0; start < actual.Length; start += plane)
        {
            var score = ImageScore(predicted.AsSpan(start, plane), actual.AsSpan(start, plane), height, width);
            if (double.IsNaN(score)) continue;
            scoreSum += score;
            ImageCount++;
        }
    }

    /// <summary>One image's score: the mean F1 over the classes with boundary pixels in either map; NaN when there are none.</summary>
    public double ImageScore(ReadOnlySpan<long> prediction, ReadOnlySpan<long> target, int height, int width)
    {
        if (prediction.Length != target.Length || target.Length != height * width)
        {
            throw new ArgumentException($"a {height}×{width} image needs {height * width} labels in both maps, got {prediction.Length} predicted and {target.Length} true");
        }
        var predicted = prediction.ToArray();
        for (var i = 0; i < predicted.Length; i++)
        {
            if (target[i] == IgnoreIndex) predicted[i] = IgnoreIndex;
        }
        var predictedEdges = ClassBoundaries.Extract(predicted, height, width, ClassCount, IgnoreIndex);
        var trueEdges = ClassBoundaries.Extract(target, height, width, ClassCount, IgnoreIndex);
        var matcher = new ToleranceMatcher(height, width, Tolerance * Math.Sqrt((double)height * height + (double)width * width));
        var scores = Enumerable.Range(0, ClassCount).Select(c =>
        {
            var (mine, truth) = (predictedEdges[c], trueEdges[c]);
            if (mine.Count == 0 && truth.Count == 0) return double.NaN;
            var precision = mine.Count == 0 ? 0 : (double)matcher.CountNear(mine, truth) / mine.Count;
            var recall = truth.Count == 0 ? 0 : (double)matcher.CountNear(truth, mine) / truth.Count;
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        });
        return Averages.NanMean(scores);
    }

    private static long[] ToLongs(torch.Tensor labels)
    {
        using var converted = labels.to(ScalarType.Int64);
        return converted.ToArray<long>();
    }
}
