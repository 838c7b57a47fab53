using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Cli.Tests.Support;

/// <summary>The op vocabulary table of docs/yaml.md, rendered from <see cref="OpCatalog"/>.</summary>
internal static class OpTable
{
    public const string Begin = "<!-- ops:begin: generated from Generator/Binding/OpCatalog.cs by Tests/Cli.Tests (DocumentationTests) -->";
    public const string End = "<!-- ops:end -->";

    public static string Render() =>
        "| op | arguments, in positional order | what it does |\n| --- | --- | --- |\n" +
        string.Concat(OpCatalog.All.Select(op => $"| `{op.Name}` | {Arguments(op)} | {op.Summary} |\n"));

    private static string Arguments(OpSchema op)
    {
        var arguments = op.Args.Select(Argument).ToList();
        if (op.TakesReferences) arguments.Insert(0, "`layer`, …: layers (at least one)");
        return arguments.Count == 0 ? "—" : string.Join("<br>", arguments);
    }

    private static string Argument(ArgSchema arg)
    {
        var type = arg.Type switch
        {
            ArgType.Channels => "channels",
            ArgType.Positive => "int ≥ 1",
            ArgType.NonNegative => "int ≥ 0",
            ArgType.Number => "number",
            ArgType.Bool => "bool",
            ArgType.Reference => "layer",
            _ => "one of " + string.Join(", ", arg.Choices),
        };
        var presence = arg.Default switch
        {
            null => " (required)",
            "" => " (optional)",
            _ => $" = {arg.Default}",
        };
        return $"`{arg.Name}`: {type}{presence}";
    }
}
