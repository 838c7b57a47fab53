using System;
using SegGen.Metrics;
using SegGen.Torch;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Metrics;

public class ConfusionMatrixTests
{
    private const double Precision = 1e-12;

    private static ConfusionMatrix Matrix(int classes, long[] prediction, long[] target, long[]? shape = null)
    {
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(classes);
        matrix.Update(tensor(prediction, shape), tensor(target, shape));
        return matrix;
    }

    /// <summary>
    /// Target 0 0 0 0 1 1 1 2 2 2 against prediction 0 0 0 1 1 1 2 2 2 0 gives rows (true class)
    /// [3 1 0], [0 2 1], [1 0 2]: G = 7/10; class accuracies 3/4, 2/3, 2/3; IoUs 3/(4+4−3), 2/(3+3−2), 2/(3+3−2).
    /// </summary>
    [Fact]
    public void ScoresFollowTheHandCountedMatrix()
    {
        var matrix = Matrix(3, [0, 0, 0, 1, 1, 1, 2, 2, 2, 0], [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [2, 5]);
        long[,] expected = { { 3, 1, 0 }, { 0, 2, 1 }, { 1, 0, 2 } };
        for (var t = 0; t < 3; t++)
        {
            for (var p = 0; p < 3; p++) Assert.Equal(expected[t, p], matrix[t, p]);
        }
        Assert.Equal(10, matrix.Total);
        Assert.Equal(0.7, matrix.GlobalAccuracy, Precision);
        Assert.Equal([0.75, 2.0 / 3, 2.0 / 3], matrix.ClassAccuracy(), (a, b) => Math.Abs(a - b) < Precision);
        Assert.Equal((0.75 + 4.0 / 3) / 3, matrix.MeanClassAccuracy, Precision);
        Assert.Equal([0.6, 0.5, 0.5], matrix.ClassIoU(), (a, b) => Math.Abs(a - b) < Precision);
        Assert.Equal(1.6 / 3, matrix.MeanIoU, Precision);
    }

    [Fact]
    public void PixelsWhoseTargetIsTheIgnoreIndexCountNowhere()
    {
        // The prediction under ignored pixels may be anything, even a label that is no class.
        var matrix = Matrix(2, [1, 9, 0, 1], [1, 255, 0, 255]);
        Assert.Equal(2, matrix.Total);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[1, 1]);
        Assert.Equal(1.0, matrix.MeanIoU);
    }

    [Fact]
    public void AClassNeitherPresentNorPredictedIsLeftOutOfTheMeans()
    {
        // Class 2 never occurs: its accuracy and IoU are undefined, and the means cover classes 0 and 1.
        var matrix = Matrix(3, [0, 1, 1, 1], [0, 0, 1, 1]);
        Assert.True(double.IsNaN(matrix.ClassIoU()[2]));
        Assert.True(double.IsNaN(matrix.ClassAccuracy()[2]));
        Assert.Equal((0.5 + 2.0 / 3) / 2, matrix.MeanIoU, Precision);
        Assert.Equal((0.5 + 1.0) / 2, matrix.MeanClassAccuracy, Precision);
    }

    [Fact]
    public void AClassOnlyPredictedHasZeroIoUThatCountsButNoAccuracy()
    {
        var matrix = Matrix(3, [0, 2, 1, 1], [0, 0, 1, 1]);
        Assert.Equal(0.0, matrix.ClassIoU()[2]);
        Assert.True(double.IsNaN(matrix.ClassAccuracy()[2]));
        Assert.Equal((0.5 + 1.0 + 0.0) / 3, matrix.MeanIoU, Precision);
        Assert.Equal((0.5 + 1.0) / 2, matrix.MeanClassAccuracy, Precision);
    }

    [Fact]
    public void UpdatesAccumulateAsOneUpdateOverAllPixels()
    {
        using var scope = NewDisposeScope();
        var split = new ConfusionMatrix(3);
        split.Update(tensor(new long[] { 0, 2, 1 }), tensor(new long[] { 0, 1, 1 }));
        split.Update(tensor(new long[] { 2, 2, 0 }), tensor(new long[] { 2, 0, 255 }));
        var whole = Matrix(3, [0, 2, 1, 2, 2, 0], [0, 1, 1, 2, 0, 255]);
        for (var t = 0; t < 3; t++)
        {
            for (var p = 0; p < 3; p++) Assert.Equal(whole[t, p], split[t, p]);
        }
    }

    [Fact]
    public void WithNoPixelsEveryScoreIsUndefined()
    {
        var matrix = Matrix(2, [0, 1], [255, 255]);
        Assert.Equal(0, matrix.Total);
        Assert.True(double.IsNaN(matrix.GlobalAccuracy));
        Assert.True(double.IsNaN(matrix.MeanClassAccuracy));
        Assert.True(double.IsNaN(matrix.MeanIoU));
    }

    [Fact]
    public void LabelsThatAreNoClassAndMismatchedShapesAreRejected()
    {
        Assert.Contains("target holds label 3", Assert.Throws<ArgumentException>(() => Matrix(3, [0, 0], [0, 3])).Message);
        Assert.Contains("prediction holds label -1", Assert.Throws<ArgumentException>(() => Matrix(3, [0, -1], [0, 1])).Message);
        using var scope = NewDisposeScope();
        var matrix = new ConfusionMatrix(3);
        Assert.Throws<ArgumentException>(() => matrix.Update(zeros([2, 3], ScalarType.Int64), zeros([3, 2], ScalarType.Int64)));
    }
}
