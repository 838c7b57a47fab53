using System;
using System.IO;
using System.Linq;
using SegGen.Cli.Tests.Support;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary>
/// Keeps the C# in docs/ true: every attribute-declared model in docs/attributes.md and docs/diagnostics/*.md
/// is compiled with the generator; one without a <c>$ dotnet build</c> block builds without errors or warnings,
/// one with it reports exactly the errors shown. SEGGEN_ACCEPT_DOCS=1 rewrites the shown errors.
/// </summary>
public class AttributeDocumentationTests
{
    private static readonly string Docs = Repository.Path("docs");

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in DocumentationTests.Pages)
        {
            var count = MarkdownExamples.CSharpIn(page).Count();
            for (var index = 0; index < count; index++) data.Add(Path.GetRelativePath(Docs, page), index);
        }
        return data;
    }

    [Fact]
    public void TheAttributesPageHasExamples() => Assert.True(MarkdownExamples.CSharpIn(Path.Combine(Docs, "attributes.md")).Count() >= 5);

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleBuildsAsThePageShows(string page, int index)
    {
        var path = Path.Combine(Docs, page);
        var example = MarkdownExamples.CSharpIn(path).ElementAt(index);

        var (generator, compiler) = AttributeBuild.Run(example.FileName, example.Source);

        if (!example.HasOutput)
        {
            Assert.True(generator.Length == 0 && compiler.IsEmpty, $"{example} does not build cleanly:\n{generator}{string.Join("\n", compiler)}");
            return;
        }
        var lines = File.ReadAllLines(path);
        if (generator == example.ShownOutput(lines)) return;
        if (Acceptance.Enabled)
        {
            File.WriteAllLines(path, [.. lines.Take(example.OutputStart), .. generator.TrimEnd('\n').Split('\n'), .. lines.Skip(example.OutputEnd)]);
            return;
        }
        Assert.Fail($"{example}: the build reports other than the page shows. {Acceptance.Hint}\n--- page ---\n{example.ShownOutput(lines)}--- build ---\n{generator}");
    }
}
