using System;
using SegGen.Metrics;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Metrics;

public class BoundaryF1Tests
{
    private const double Precision = 1e-12;

    // 4×4, tolerance 0.04 px (exact matches only). Truth: columns 0–1 class 1, columns 2–3 class 0; the
    // prediction adds class 2 at row 0, column 3.
    private static readonly long[] HalvesTruth = [1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0];
    private static readonly long[] HalvesWithStray = [1, 1, 0, 2, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0];

    /// <summary>A <paramref name="size"/>² map of class 0 holding a 100×100 square of class 1 whose left column is <paramref name="left"/>.</summary>
    private static long[] SquareAt(int size, int left)
    {
        var labels = new long[size * size];
        for (var y = 50; y < 150; y++)
        {
            for (var x = left; x < left + 100; x++) labels[y * size + x] = 1;
        }
        return labels;
    }

    [Fact]
    public void ASquareShiftedByOnePixelIsWithinSegNetsToleranceAndScoresOne()
    {
        // 200×200: the tolerance is 0.75% of the diagonal, 2.12 pixels; every outline pixel moves by 1.
        var metric = new BoundaryF1(2);
        Assert.Equal(1.0, metric.ImageScore(SquareAt(200, 51), SquareAt(200, 50), 200, 200), Precision);
    }

    /// <summary>
    /// The square moved 4 pixels right (tolerance 2.12). Class 1's outline has 396 pixels in each map: of the
    /// predicted ones, rows 50 and 149 match at columns 54..151 (98 each) and the left column at rows 51, 52,
    /// 147, 148 (4): precision 200/396, and recall 200/396 by symmetry. Class 0's outline (the 400 pixels
    /// just outside the square) matches 98 + 98 + 4 the same way: 200/400. The image scores their mean.
    /// </summary>
    [Fact]
    public void ASquareShiftedBeyondTheToleranceScoresTheHandCountedMatches()
    {
        var metric = new BoundaryF1(2);
        var expected = (200.0 / 396 + 200.0 / 400) / 2;
        Assert.Equal(expected, metric.ImageScore(SquareAt(200, 54), SquareAt(200, 50), 200, 200), Precision);
    }

    /// <summary>
    /// On the halves: class 1 matches fully (F1 1); class 0's predicted outline gains (1, 3), so precision 4/5
    /// and recall 1 (F1 8/9); class 2 is only predicted (F1 0) and still counts.
    /// </summary>
    [Fact]
    public void AClassOnlyInThePredictionScoresZeroAndLowersTheImageScore()
    {
        Assert.Equal((1 + 8.0 / 9 + 0) / 3, new BoundaryF1(3).ImageScore(HalvesWithStray, HalvesTruth, 4, 4), Precision);
    }

    [Fact]
    public void TheMeasureAveragesImageScoresAndLeavesOutImagesWithoutBoundaries()
    {
        using var scope = NewDisposeScope();
        long[] uniform = new long[16];
        var metric = new BoundaryF1(3);
        metric.Update(tensor(uniform, [4, 4]), tensor(uniform, [4, 4]));
        Assert.Equal(0, metric.ImageCount);
        Assert.True(double.IsNaN(metric.Value));
        metric.Update(tensor([.. HalvesTruth, .. HalvesWithStray, .. uniform], [3, 4, 4]), tensor([.. HalvesTruth, .. HalvesTruth, .. uniform], [3, 4, 4]));
        Assert.Equal(2, metric.ImageCount);
        Assert.Equal((1 + (1 + 8.0 / 9) / 3) / 2, metric.Value, Precision);
    }

    [Fact]
    public void IgnoredTargetPixelsMakeNoBoundaryWhateverIsPredictedThere()
    {
        // Row 0 is unlabelled; the prediction's nonsense there is no error and no outline.
        long[] truth = [255, 255, 255, 255, 1, 1, 0, 0, 1, 1, 0, 0];
        long[] predicted = [2, 0, 1, 2, 1, 1, 0, 0, 1, 1, 0, 0];
        Assert.Equal(1.0, new BoundaryF1(3).ImageScore(predicted, truth, 3, 4), Precision);
    }

    [Fact]
    public void LabelsThatAreNoClassAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new BoundaryF1(2).ImageScore([0, 5], [0, 1], 1, 2));
        Assert.Contains("label 5", error.Message);
    }
}
