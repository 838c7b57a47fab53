using System.Linq;
using System.Reflection;

namespace SegGen.Cli.Tests.Support;

/// <summary>Where the repository is and how this test assembly was built (stamped in by the project file).</summary>
internal static class Repository
{
    public static string Root { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
