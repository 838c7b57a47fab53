using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SegGen.Cli.Tests.Support;

/// <summary>
/// A model in a documentation page: a <c>```yaml</c> block with a top-level <c>model:</c> line, and the
/// <c>```text</c> block right after it when that starts with <c>$ seggen check FILE</c> (what the page says
/// the tool prints for it). Line numbers are 0-based indices into the page's lines.
/// </summary>
internal sealed record MarkdownExample(string Page, int YamlLine, string Yaml, string FileName, int OutputStart, int OutputEnd)
{
    public bool HasOutput => OutputStart >= 0;

    /// <summary>The file a model of this name is checked as: <c>{model}.seg.yaml</c>.</summary>
    public string ModelFile => MarkdownExamples.ModelName(Yaml) + ".seg.yaml";

    /// <summary>The output lines the page shows, without the <c>$ seggen check</c> line.</summary>
    public string ShownOutput(IReadOnlyList<string> pageLines) =>
        string.Concat(pageLines.Skip(OutputStart).Take(OutputEnd - OutputStart).Select(l => l + "\n"));

    public override string ToString() => $"{System.IO.Path.GetFileName(Page)}:{YamlLine + 1}";
}

/// <summary>
/// An attribute-declared model in a documentation page: a <c>```csharp</c> block with a <c>[Model</c> class, and the
/// <c>```text</c> block right after it when that starts with <c>$ dotnet build</c> (the errors the page says a build reports).
/// </summary>
internal sealed record CSharpExample(string Page, int SourceLine, string Source, string FileName, int OutputStart, int OutputEnd)
{
    public bool HasOutput => OutputStart >= 0;

    public string ShownOutput(IReadOnlyList<string> pageLines) =>
        string.Concat(pageLines.Skip(OutputStart).Take(OutputEnd - OutputStart).Select(l => l + "\n"));

    public override string ToString() => $"{System.IO.Path.GetFileName(Page)}:{SourceLine + 1}";
}

internal static partial class MarkdownExamples
{
    [GeneratedRegex(@"^\[Model[\s\S]*?\bclass\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ModelClass();

    private const string BuildPrompt = "$ dotnet build";

    /// <summary>The C# models of a page; each is compiled as <c>{Class}.cs</c>.</summary>
    public static IEnumerable<CSharpExample> CSharpIn(string page)
    {
        var lines = File.ReadAllLines(page);
        var blocks = Blocks(lines).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (language, start, end) = blocks[i];
            if (language != "csharp") continue;
            var source = string.Concat(lines.Skip(start).Take(end - start).Select(l => l + "\n"));
            var model = ModelClass().Match(source);
            if (!model.Success) continue;
            var next = i + 1 < blocks.Count ? blocks[i + 1] : default;
            var shown = next.Language == "text" && next.Start < next.End && lines[next.Start] == BuildPrompt;
            yield return new CSharpExample(page, start, source, model.Groups[1].Value + ".cs", shown ? next.Start + 1 : -1, shown ? next.End : -1);
        }
    }

    [GeneratedRegex(@"^model:\s*(\w+)", RegexOptions.Multiline)]
    private static partial Regex ModelLine();

    private const string CheckPrompt = "$ seggen check ";

    public static string ModelName(string yaml) => ModelLine().Match(yaml).Groups[1].Value;

    public static IEnumerable<MarkdownExample> In(string page)
    {
        var lines = File.ReadAllLines(page);
        var blocks = Blocks(lines).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (language, start, end) = blocks[i];
            if (language != "yaml") continue;
            var yaml = string.Concat(lines.Skip(start).Take(end - start).Select(l => l + "\n"));
            var model = ModelLine().Match(yaml);
            if (!model.Success) continue;
            var next = i + 1 < blocks.Count ? blocks[i + 1] : default;
            if (next.Language == "text" && next.Start < next.End && lines[next.Start].StartsWith(CheckPrompt, StringComparison.Ordinal))
            {
                yield return new MarkdownExample(page, start, yaml, lines[next.Start].Substring(CheckPrompt.Length).Trim(), next.Start + 1, next.End);
            }
            else
            {
                yield return new MarkdownExample(page, start, yaml, model.Groups[1].Value + ".seg.yaml", -1, -1);
            }
        }
    }

    /// <summary>Fenced blocks: language and the range of their content lines.</summary>
    private static IEnumerable<(string Language, int Start, int End)> Blocks(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i].Substring(3).Trim();
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
            yield return (language, start, end);
            i = end;
        }
    }
}
