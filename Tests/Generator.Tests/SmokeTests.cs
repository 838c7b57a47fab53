using System.IO;
using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;

namespace SegGen.Generator.Tests;

public class SmokeTests
{
    [Fact]
    public void TinySegNetGeneratesCodeThatCompilesWithoutWarnings()
    {
        var yaml = File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Models", "TinySegNet.seg.yaml"));
        var harness = GeneratorHarness.ForYaml(("TinySegNet.seg.yaml", yaml));
        var result = harness.Run();
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["TinySegNet.Graph.g.cs", "TinySegNet.g.cs"], result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).OrderBy(n => n));
        Assert.Empty(harness.CompileDiagnostics());
    }
}
