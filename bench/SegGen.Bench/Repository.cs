using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SegGen.Bench;

/// <summary>Where the repository's model files are, found from the driver's own location.</summary>
internal static class Repository
{
    /// <summary>The checkout: the first folder above the driver holding SegGen.sln.</summary>
    public static string Root
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "SegGen.sln"))) root = root.Parent;
            return root?.FullName ?? throw new InvalidOperationException($"no SegGen.sln above {AppContext.BaseDirectory}");
        }
    }

    public static IReadOnlyList<string> ModelFiles()
    {
        var root = Root;
        // The zoo alone: the generator tests' models repeat some of its names (Aspp, Bottleneck, ResNet50) in another namespace.
        return Directory.GetFiles(Path.Combine(root, "Architectures", "Models"), "*.seg.yaml")
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
    }
}
