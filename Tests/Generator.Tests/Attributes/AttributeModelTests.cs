using System.Linq;
using SegGen.Generator.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SegGen.Generator.Tests.Attributes;

public class AttributeModelTests(ITestOutputHelper log)
{
    [Fact]
    public void Scratch()
    {
        var harness = GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel("UNetSmall")]);
        var result = harness.Run();
        foreach (var d in result.Diagnostics) log.WriteLine(d.ToString());
        foreach (var s in result.Results[0].GeneratedSources) log.WriteLine(s.HintName + "\n" + s.SourceText);
        foreach (var d in harness.CompileDiagnostics()) log.WriteLine(d.ToString());
    }
}
