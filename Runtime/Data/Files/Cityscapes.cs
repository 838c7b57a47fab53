using System;
using System.IO;
using System.Linq;

namespace SegGen.Data.Files;

/// <summary>
/// Cityscapes: <c>leftImg8bit/{split}/{city}/{stem}_leftImg8bit.png</c> with
/// <c>gtFine/{split}/{city}/{stem}_gtFine_labelIds.png</c>; label ids 0–33 become the 19 training ids of
/// the official table (cityscapesScripts' labels.py), the others 255.
/// </summary>
public static class Cityscapes
{
    public static readonly string[] ClassNames =
    [
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign", "vegetation", "terrain",
        "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle",
    ];

    private const long I = ISegmentationDataSet.IgnoreLabel;

    /// <summary>labels.py's trainId of each label id 0–33.</summary>
    public static readonly long[] TrainIdOfLabelId =
    [
        I, I, I, I, I, I, I, 0, 1, I, I, 2, 3, 4, I, I, I, 5, I, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, I, I, 16, 17, 18,
    ];

    private const string ImageSuffix = "_leftImg8bit.png";
    private const string Layout = "a Cityscapes tree has leftImg8bit/{split}/{city}/ and gtFine/{split}/{city}/";

    /// <param name="root">The folder holding leftImg8bit/ and gtFine/.</param>
    /// <param name="split">train, val or test.</param>
    public static FileDataSet Open(string root, string split)
    {
        ListFile.RequireFolder(root, Layout);
        var images = Path.Combine(root, "leftImg8bit", split);
        ListFile.RequireFolder(images, Layout);
        var samples = Directory.EnumerateFiles(images, "*" + ImageSuffix, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(image =>
            {
                var city = Path.GetFileName(Path.GetDirectoryName(image))!;
                var stem = Path.GetFileName(image)[..^ImageSuffix.Length];
                return new SamplePaths(image, Path.Combine(root, "gtFine", split, city, stem + "_gtFine_labelIds.png"));
            })
            .ToList();
        if (samples.Count == 0) throw new InvalidDataException($"{images}: no *{ImageSuffix} images");
        return new FileDataSet($"cityscapes {root} ({split})", samples, ClassNames, LabelMap.Mapped(TrainIdOfLabelId));
    }
}
