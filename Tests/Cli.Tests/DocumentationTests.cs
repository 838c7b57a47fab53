using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using SegGen.Cli.Tests.Support;
using SegGen.Generator.Diagnostics;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary>
/// Keeps docs/ true: every model in docs/yaml.md and docs/diagnostics/*.md checks as the page shows (run
/// through the real seggen check), the op table is the catalog's, and the diagnostic catalog, its help pages
/// and AnalyzerReleases.Unshipped.md agree. SEGGEN_ACCEPT_DOCS=1 rewrites the generated parts of the pages.
/// </summary>
public class DocumentationTests
{
    private static readonly string Docs = Repository.Path("docs");

    internal static string[] Pages =>
        [Path.Combine(Docs, "yaml.md"), Path.Combine(Docs, "attributes.md"), .. Directory.GetFiles(Path.Combine(Docs, "diagnostics"), "*.md").Order(StringComparer.Ordinal)];

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Pages)
        {
            // By position on the page, which stays put when accepting new output shifts the lines.
            var count = MarkdownExamples.In(page).Count();
            for (var index = 0; index < count; index++) data.Add(Path.GetRelativePath(Docs, page), index);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleChecksAsThePageShows(string page, int index)
    {
        var path = Path.Combine(Docs, page);
        var examples = MarkdownExamples.In(path).ToList();
        var example = examples[index];
        using var directory = new TemporaryDirectory();
        // "$ seggen check Block.seg.yaml Net.seg.yaml": the other files are models shown earlier on the page (used by this one).
        var files = example.FileName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files)
        {
            var source = file == example.ModelFile ? example : examples.Take(index).LastOrDefault(e => e.ModelFile == file) ?? example;
            directory.Write(file, source.Yaml);
        }

        var result = Seggen.Run(directory.FullName, ["check", .. files]);

        if (!example.HasOutput)
        {
            Assert.True(result.ExitCode == 0, $"{example} does not check:\n{result}");
            return;
        }
        var lines = File.ReadAllLines(path);
        var actual = result.Output.ReplaceLineEndings("\n");
        if (actual == example.ShownOutput(lines)) return;
        if (Acceptance.Enabled)
        {
            File.WriteAllLines(path, [.. lines.Take(example.OutputStart), .. actual.TrimEnd('\n').Split('\n'), .. lines.Skip(example.OutputEnd)]);
            return;
        }
        Assert.Fail($"{example}: seggen check prints other than the page shows. {Acceptance.Hint}\n--- page ---\n{example.ShownOutput(lines)}--- seggen check ---\n{actual}");
    }

    [Fact]
    public void OpTableIsTheCatalogs()
    {
        var path = Path.Combine(Docs, "yaml.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = text.IndexOf(OpTable.Begin, StringComparison.Ordinal);
        var end = text.IndexOf(OpTable.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/yaml.md needs the markers\n{OpTable.Begin}\n{OpTable.End}");
        var shown = text.Substring(start + OpTable.Begin.Length, end - start - OpTable.Begin.Length).Trim('\n') + "\n";
        var expected = OpTable.Render();
        if (shown == expected) return;
        if (Acceptance.Enabled)
        {
            File.WriteAllText(path, text.Substring(0, start + OpTable.Begin.Length) + "\n" + expected + text.Substring(end));
            return;
        }
        Assert.Fail($"docs/yaml.md's op table differs from OpCatalog. {Acceptance.Hint}\n{expected}");
    }

    [Fact]
    public void EveryDiagnosticHasAPageAndAReleaseLine()
    {
        var releases = File.ReadAllLines(Repository.Path("Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in DiagnosticCatalog.All)
        {
            var page = Path.Combine(Docs, "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no page {page}");
            var lines = File.ReadAllLines(page);
            var severity = descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "info";
            Assert.Equal($"# {descriptor.Id}: {descriptor.Title}", lines[0]);
            Assert.Contains($"Severity: {severity}", lines);
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}", releases);
            // At least one example on the page (YAML or C#) really reports the page's id.
            var shown = MarkdownExamples.In(page).Where(e => e.HasOutput).Select(e => e.ShownOutput(lines))
                .Concat(MarkdownExamples.CSharpIn(page).Where(e => e.HasOutput).Select(e => e.ShownOutput(lines)));
            Assert.Contains(shown, output => output.Contains($" {severity} {descriptor.Id}: ", StringComparison.Ordinal));
        }
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet();
        Assert.All(Directory.GetFiles(Path.Combine(Docs, "diagnostics"), "*.md"), page => Assert.Contains(Path.GetFileNameWithoutExtension(page), ids));
        Assert.Equal(ids.Count, releases.Count(l => l.StartsWith("SEG", StringComparison.Ordinal)));
    }
}
