using System.IO;
using System.Linq;

namespace SegGen.Data.Files;

/// <summary>
/// PASCAL VOC 2012 segmentation: <c>ImageSets/Segmentation/{split}.txt</c> names the samples,
/// <c>JPEGImages/{name}.jpg</c> holds the image and <c>SegmentationClass/{name}.png</c> the palette mask,
/// whose indices are the 21 classes and 255 for the void border.
/// </summary>
public static class Voc
{
    public static readonly string[] ClassNames =
    [
        "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
        "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    ];

    private const string Layout = "a VOC 2012 tree has JPEGImages/, SegmentationClass/ and ImageSets/Segmentation/{train,val}.txt";

    /// <param name="root">The VOC2012 folder.</param>
    /// <param name="split">The list's name: train, val or trainval.</param>
    public static FileDataSet Open(string root, string split)
    {
        ListFile.RequireFolder(root, Layout);
        var list = ListFile.Lines(Path.Combine(root, "ImageSets", "Segmentation", split + ".txt"), Layout);
        var samples = list
            .Select(line => new SamplePaths(Path.Combine(root, "JPEGImages", line.Text + ".jpg"), Path.Combine(root, "SegmentationClass", line.Text + ".png")))
            .ToList();
        return new FileDataSet($"voc {root} ({split})", samples, ClassNames, LabelMap.Identity(ClassNames.Length, ignored: 255));
    }
}
