using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SegGen.Data.Files;

/// <summary>The list files and folders of the layouts, checked with one-line errors that say what the layout expects.</summary>
internal static class ListFile
{
    /// <summary>The non-blank lines of <paramref name="path"/>, trimmed, with their 1-based line numbers.</summary>
    public static List<(int Number, string Text)> Lines(string path, string layout)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file ({layout})", path);
        var lines = File.ReadAllLines(path)
            .Select((text, i) => (Number: i + 1, Text: text.Trim()))
            .Where(line => line.Text.Length > 0)
            .ToList();
        if (lines.Count == 0) throw new InvalidDataException($"{path}: the list is empty");
        return lines;
    }

    public static void RequireFolder(string path, string layout)
    {
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such folder ({layout})");
    }
}
