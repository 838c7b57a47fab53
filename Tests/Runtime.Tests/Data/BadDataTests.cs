using System;
using System.IO;
using SegGen.Data.Files;
using SegGen.Runtime.Tests.Support;
using Xunit;

namespace SegGen.Runtime.Tests.Data;

/// <summary>Every kind of bad data set input is one line that names the file and the problem.</summary>
public sealed class BadDataTests : FileTests
{
    private string CamVidRoot() => DataTrees.CamVid(Temporary.File("CamVid"));

    private static string OneLine(Exception error, string file)
    {
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(file + ":", error.Message);
        return error.Message;
    }

    [Fact]
    public void AMissingRootFolderIsNamed()
    {
        var root = Temporary.File("nowhere");
        var message = OneLine(Assert.Throws<DirectoryNotFoundException>(() => Voc.Open(root, "train")), root);
        Assert.Contains("no such folder", message);
    }

    [Fact]
    public void AMissingListFileIsNamedWithWhatTheLayoutExpects()
    {
        var root = CamVidRoot();
        var list = Path.Combine(root, "test.txt");
        var message = OneLine(Assert.Throws<FileNotFoundException>(() => CamVid.Open(root, "test")), list);
        Assert.Contains("'image annotation' pairs", message);
    }

    [Fact]
    public void AMalformedListLineIsNamedByFileAndLine()
    {
        var root = CamVidRoot();
        var list = Path.Combine(root, "train.txt");
        File.AppendAllLines(list, ["just-one-path.png"]);
        var message = OneLine(Assert.Throws<InvalidDataException>(() => CamVid.Open(root, "train")), list + ":3");
        Assert.Contains("expected 'IMAGE ANNOTATION', got 'just-one-path.png'", message);
    }

    [Fact]
    public void ACorruptImageIsNamed()
    {
        var root = CamVidRoot();
        var image = Path.Combine(root, "train", "0000.png");
        var bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..(bytes.Length / 2)]);
        OneLine(Assert.Throws<InvalidDataException>(() => CamVid.Open(root, "train")[0]), image);
    }

    [Fact]
    public void AnUnreadableFileIsNamed()
    {
        var root = CamVidRoot();
        var mask = Path.Combine(root, "trainannot", "0001.png");
        File.Delete(mask);
        Directory.CreateDirectory(mask); // a folder where the file should be: unreadable even for root
        var message = OneLine(Assert.ThrowsAny<IOException>(() => CamVid.Open(root, "train")[1]), mask);
        Assert.Contains("cannot read", message);
    }

    [Fact]
    public void ALabelOutsideTheClassesIsNamedWithItsValueAndPixel()
    {
        var root = CamVidRoot();
        var mask = Path.Combine(root, "trainannot", "0000.png");
        var labels = DataTrees.Labels(0, DataTrees.CamVidValues);
        labels[2 * DataTrees.Width + 5] = 12;
        DataTrees.WriteMask(mask, labels, palette: false);
        var data = CamVid.Open(root, "train");

        var message = OneLine(Assert.Throws<LabelOutOfRangeException>(() => data[0]), mask);
        Assert.Equal($"{mask}: label value 12 at row 2, column 5 is outside the classes (valid: 0–10 (the classes) or 11 (ignored))", message);
        Assert.Throws<LabelOutOfRangeException>(() => data.Mask(0));
    }

    [Fact]
    public void ACityscapesLabelIdAbove33IsOutsideTheClasses()
    {
        var root = DataTrees.Cityscapes(Temporary.File("cityscapes"));
        var mask = Path.Combine(root, "gtFine", "train", "aachen", "aachen_000000_000001_gtFine_labelIds.png");
        var labels = DataTrees.Labels(1, DataTrees.CityscapesValues);
        labels[0] = 34;
        DataTrees.WriteMask(mask, labels, palette: false);

        var message = OneLine(Assert.Throws<LabelOutOfRangeException>(() => Cityscapes.Open(root, "train")[1]), mask);
        Assert.Contains("label value 34 at row 0, column 0", message);
    }

    [Fact]
    public void AMaskWhoseSizeDiffersFromItsImageIsNamedWithBothSizes()
    {
        var root = CamVidRoot();
        var mask = Path.Combine(root, "valannot", "0002.png");
        DataTrees.WriteMask(mask, DataTrees.Labels(2, DataTrees.CamVidValues, 10, 24), palette: false, height: 10, width: 24);
        var image = Path.Combine(root, "val", "0002.png");

        var message = OneLine(Assert.Throws<InvalidDataException>(() => CamVid.Open(root, "val")[0]), mask);
        Assert.Equal($"{mask}: the mask is 10×24 but its image {image} is 20×24", message);
    }

    [Fact]
    public void ACityscapesSplitWithoutImagesIsNamed()
    {
        var root = DataTrees.Cityscapes(Temporary.File("cityscapes"));
        var images = Path.Combine(root, "leftImg8bit", "test");
        Directory.CreateDirectory(Path.Combine(images, "berlin"));
        var message = OneLine(Assert.Throws<InvalidDataException>(() => Cityscapes.Open(root, "test")), images);
        Assert.Contains("no *_leftImg8bit.png images", message);
    }
}
