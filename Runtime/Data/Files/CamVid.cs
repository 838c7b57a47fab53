using System.IO;
using System.Linq;

namespace SegGen.Data.Files;

/// <summary>
/// CamVid as SegNet's tutorial ships it: <c>{split}.txt</c> lists "image annotation" path pairs; the
/// annotations are gray PNGs holding the 11 classes and 11 for void, which is ignored.
/// </summary>
public static class CamVid
{
    public static readonly string[] ClassNames =
    [
        "sky", "building", "pole", "road", "pavement", "tree", "signsymbol", "fence", "car", "pedestrian", "bicyclist",
    ];

    private const int Void = 11;
    private const string Layout = "a SegNet CamVid tree has {train,val,test}.txt listing 'image annotation' pairs";

    /// <param name="root">The CamVid folder, holding the list files.</param>
    /// <param name="split">train, val or test.</param>
    public static FileDataSet Open(string root, string split)
    {
        ListFile.RequireFolder(root, Layout);
        var listPath = Path.Combine(root, split + ".txt");
        var samples = ListFile.Lines(listPath, Layout).Select(line =>
        {
            var fields = line.Text.Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2) throw new InvalidDataException($"{listPath}:{line.Number}: expected 'IMAGE ANNOTATION', got '{line.Text}'");
            return new SamplePaths(Resolve(root, fields[0]), Resolve(root, fields[1]));
        }).ToList();
        return new FileDataSet($"camvid {root} ({split})", samples, ClassNames, LabelMap.Identity(ClassNames.Length, ignored: Void));
    }

    /// <summary>
    /// The tutorial's lists hold absolute paths of its Docker image (<c>/SegNet/CamVid/train/x.png</c>): an
    /// absolute path that does not exist is read as its last folder and file name under <paramref name="root"/>.
    /// </summary>
    private static string Resolve(string root, string listed)
    {
        if (!Path.IsPathRooted(listed)) return Path.Combine(root, listed);
        if (File.Exists(listed)) return listed;
        var folder = Path.GetFileName(Path.GetDirectoryName(listed)) ?? "";
        return Path.Combine(root, folder, Path.GetFileName(listed));
    }
}
