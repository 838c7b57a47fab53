using System.IO;
using System.Linq;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Runtime.Tests.Support;
using Xunit;

namespace SegGen.Runtime.Tests.Data;

/// <summary>The readers of the standard layouts on tiny trees written by <see cref="DataTrees"/>: the right files, labels as classes, images as RGB.</summary>
public sealed class LayoutReaderTests : FileTests
{
    private static long[] Expected(int sample, byte[] stored, System.Func<byte, long> map) =>
        DataTrees.Labels(sample, stored).Select(map).ToArray();

    private static void AssertImageCloseToWritten(SegmentationSample sample, int index, double tolerance)
    {
        var written = DataTrees.Image(index);
        var meanError = sample.Image.Select((v, i) => System.Math.Abs(v * 255 - written[i])).Average();
        Assert.True(meanError <= tolerance, $"mean absolute error {meanError} over {tolerance}");
    }

    [Fact]
    public void VocReadsTheListedJpegsAndPaletteIndicesWith255Kept()
    {
        var root = DataTrees.Voc(Temporary.File("VOC2012"));
        var train = Voc.Open(root, "train");
        var val = Voc.Open(root, "val");

        Assert.Equal(21, train.ClassNames.Count);
        Assert.Equal(["a", "b"], train.Samples.Select(s => Path.GetFileNameWithoutExtension(s.Image)));
        Assert.Equal(2, val.Count);
        var sample = val[1];
        Assert.Equal((DataTrees.Height, DataTrees.Width), (sample.Height, sample.Width));
        Assert.Equal(Expected(3, DataTrees.VocValues, v => v), sample.Mask);
        Assert.Equal(Expected(3, DataTrees.VocValues, v => v), val.Mask(1));
        AssertImageCloseToWritten(sample, 3, tolerance: 3); // JPEG at quality 95
    }

    [Fact]
    public void CamVidResolvesTheTutorialsAbsolutePathsAndIgnoresVoid()
    {
        var root = DataTrees.CamVid(Temporary.File("CamVid"));
        var train = CamVid.Open(root, "train");

        Assert.Equal(11, train.ClassNames.Count);
        Assert.Equal(Path.Combine(root, "trainannot", "0001.png"), train.Samples[1].Mask);
        Assert.Equal(Expected(1, DataTrees.CamVidValues, v => v == 11 ? 255 : v), train[1].Mask);
        AssertImageCloseToWritten(train[1], 1, tolerance: 0);
    }

    [Fact]
    public void CityscapesMapsLabelIdsToTrainIds()
    {
        var root = DataTrees.Cityscapes(Temporary.File("cityscapes"));
        var val = Cityscapes.Open(root, "val");

        Assert.Equal(19, val.ClassNames.Count);
        Assert.Equal(["bonn_000000_000002_leftImg8bit.png", "bonn_000000_000003_leftImg8bit.png"], val.Samples.Select(s => Path.GetFileName(s.Image)));
        // labels.py: road 7 → 0, sidewalk 8 → 1, car 26 → 13, bicycle 33 → 18; unlabeled 0 and static 4 → 255.
        long TrainId(byte id) => id switch { 7 => 0, 8 => 1, 26 => 13, 33 => 18, _ => 255 };
        Assert.Equal(Expected(2, DataTrees.CityscapesValues, TrainId), val[0].Mask);
    }

    [Fact]
    public void OpeningReadsNoImageFilesSoAMissingOneFailsOnlyWhenItsSampleIsRead()
    {
        var root = DataTrees.Voc(Temporary.File("VOC2012"));
        File.Delete(Path.Combine(root, "JPEGImages", "b.jpg"));

        var train = Voc.Open(root, "train");
        Assert.Equal(2, train.Count);
        _ = train[0];
        var error = Assert.Throws<FileNotFoundException>(() => train[1]);
        Assert.Equal($"{Path.Combine(root, "JPEGImages", "b.jpg")}: no such file", error.Message);
    }
}
