using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SegGen.Bench;

/// <summary>Where the repository's model files are, found from the driver's own location.</summary>
internal static class Repository
{
    public static IReadOnlyList<string> ModelFiles()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SegGen.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"no SegGen.sln above {AppContext.BaseDirectory}");
        return new[] { Path.Combine("Architectures", "Models"), Path.Combine("Tests", "Generator.Tests", "Models") }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root.FullName, folder), "*.seg.yaml"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
    }
}
