using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SegGen.Generator.Frontend;

/// <summary>What parsing one file gave: the model (null when the file is too broken to describe one) and diagnostics.</summary>
public sealed record ParseResult(string Path, ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Parses a <c>*.seg.yaml</c> file into a <see cref="ModelSpec"/>, locating every element. It checks
/// only the language's syntax; names, ops and shapes are the binder's and the shape engine's job.
/// </summary>
public sealed class YamlFrontend
{
    private static readonly string[] Sections = ["model", "namespace", "summary", "options", "hyperparameters", "inputs", "macros", "layers", "outputs"];

    private readonly Locator locator;
    private readonly List<DiagnosticInfo> diagnostics = [];
    private readonly CancellationToken cancellation;

    private YamlFrontend(Locator locator, CancellationToken cancellation)
    {
        this.locator = locator;
        this.cancellation = cancellation;
    }

    public static ParseResult Parse(string path, SourceText text, CancellationToken cancellation = default)
    {
        var frontend = new YamlFrontend(new Locator(path, text), cancellation);
        var model = frontend.ParseDocument();
        return new ParseResult(path, model, frontend.diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Passes YAML events through but refuses nesting deeper than <see cref="MaxDepth"/> levels:
    /// YamlDotNet builds nodes recursively, and a deep enough file would overflow the compiler's stack.
    /// </summary>
    private sealed class DepthLimitedParser(IParser inner) : IParser
    {
        private const int MaxDepth = 64;

        private int depth;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            if (!inner.MoveNext()) return false;
            var current = inner.Current!;
            if (current is SequenceStart or MappingStart && ++depth > MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"collections are nested more than {MaxDepth} levels deep");
            }
            if (current is SequenceEnd or MappingEnd) depth--;
            return true;
        }
    }

    private ModelSpec? ParseDocument()
    {
        YamlStream stream = new();
        var parser = new CollectionTracker(new Parser(new StringReader(locator.Text.ToString())));
        try
        {
            stream.Load(new DepthLimitedParser(parser));
        }
        catch (YamlException e)
        {
            // YamlDotNet rejects a repeated key while building the mapping, before Entries could: a name error, not a syntax one.
            var key = locator.Text.ToString(TextSpan.FromBounds((int)e.Start.Index, (int)e.End.Index));
            var message = CleanYamlMessage(e);
            if (message == $"Duplicate key {key}")
            {
                Report(DiagnosticCatalog.DuplicateName, Span(e.Start, e.End), $"'{key}' is declared twice in the same mapping; rename or remove one");
            }
            else
            {
                Report(DiagnosticCatalog.YamlSyntax, Span(e.Start, e.End), message);
            }
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unterminated flow collections.
            if (parser.InnermostOpenFlow is { } open)
            {
                var bracket = locator.Text[(int)open.Index];
                Report(DiagnosticCatalog.YamlSyntax, locator.At((int)open.Index, 1), $"this '{bracket}' is never closed by '{(bracket == '[' ? ']' : '}')}'");
            }
            else
            {
                Report(DiagnosticCatalog.YamlSyntax, parser.Current is { } last ? Span(last.Start, last.End) : locator.At(0, 0), "the YAML cannot be read past this point");
            }
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Report(DiagnosticCatalog.InvalidDeclaration, locator.At(0, 0), "a model file is a YAML mapping with at least 'model', 'inputs' and 'layers'");
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(stream.Documents[1].RootNode), "a model file holds one YAML document; put each model in its own file");
        }

        var sections = new Dictionary<string, (YamlScalarNode Key, YamlNode Value)>();
        foreach (var entry in root.Children)
        {
            var key = (YamlScalarNode)entry.Key;
            if (!Sections.Contains(key.Value))
            {
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(key),
                    $"unknown section '{key.Value}'" + (Names.Suggest(key.Value ?? "", Sections) is { } hint
                        ? $"; did you mean '{hint}'?"
                        : $": expected one of {string.Join(", ", Sections)}"));
                continue;
            }
            sections[key.Value!] = (key, entry.Value);
        }

        var name = RequiredScalar(sections, "model", root);
        if (name is null) return null;
        if (!IsIdentifier(name.Value!))
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(name), $"model name '{name.Value}' is not a C# identifier");
        }
        var ns = OptionalScalar(sections, "namespace");
        if (ns is not null && !ns.Value!.Split('.').All(IsIdentifier))
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(ns), $"namespace '{ns.Value}' is not a C# namespace name");
        }
        var summary = OptionalScalar(sections, "summary");

        var options = Options(Section(sections, "options"));
        var hyperparameters = Hyperparameters(Section(sections, "hyperparameters"));
        var inputs = Inputs(Section(sections, "inputs"), root);
        var macros = Macros(Section(sections, "macros"));
        var nodes = Layers(Section(sections, "layers"), root, new MacroExpander(macros, diagnostics));
        var outputs = Outputs(Section(sections, "outputs"));

        return new ModelSpec(name.Value!, ns?.Value, summary?.Value, hyperparameters.ToEquatableArray(), inputs.ToEquatableArray(),
            nodes.ToEquatableArray(), outputs.ToEquatableArray(), Locate(name), options.ToEquatableArray());
    }

    // ---- sections ------------------------------------------------------------------------------

    private List<HyperparameterSpec> Hyperparameters(YamlNode? section)
    {
        var result = new List<HyperparameterSpec>();
        foreach (var (key, value) in Entries(section, "hyperparameters"))
        {
            var expr = value is YamlScalarNode scalar ? ParseExpr(scalar) : null;
            if (value is not YamlScalarNode || expr is null)
            {
                if (value is not YamlScalarNode) Report(DiagnosticCatalog.InvalidDeclaration, Locate(value), $"hyperparameter '{key.Value}' needs a default value (a number or true/false)");
                continue;
            }
            if (HyperparameterDeclaration.Declare(key.Value!, expr, Locate(key), Locate(value), diagnostics) is { } hyperparameter) result.Add(hyperparameter);
        }
        return result;
    }

    private List<OptionSpec> Options(YamlNode? section)
    {
        var result = new List<OptionSpec>();
        foreach (var (key, value) in Entries(section, "options"))
        {
            var expr = value switch
            {
                YamlScalarNode scalar => ParseExpr(scalar),
                YamlSequenceNode { Style: SequenceStyle.Flow } => OpTextParser.ParseExpr(RawText(value), (int)value.Start.Index, locator, diagnostics),
                _ => ReportNull<Expr>(Locate(value), $"option '{key.Value}' needs a default value: an integer, a number, true/false or a list such as [false, true]"),
            };
            if (expr is null) continue;
            if (!Instantiation.IsLiteral(expr))
            {
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(value), $"option '{key.Value}' has default '{expr.Text}': an option is a literal (an integer, a number, true/false or a list of them)");
                continue;
            }
            result.Add(new OptionSpec(key.Value!, expr, Locate(key)));
        }
        return result;
    }

    private List<InputSpec> Inputs(YamlNode? section, YamlMappingNode root)
    {
        // An empty mapping ("inputs: {}") declares none either, and would otherwise pass unreported.
        if (section is null or YamlMappingNode { Children.Count: 0 })
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(section ?? root), "the model declares no 'inputs' (e.g. image: [N, 3, H, W])");
            return [];
        }
        var result = new List<InputSpec>();
        foreach (var (key, value) in Entries(section, "inputs"))
        {
            if (!IsIdentifier(key.Value!))
            {
                // It becomes a parameter of forward.
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(key), $"input name '{key.Value}' is not an identifier (letters, digits, '_')");
                continue;
            }
            if (value is not YamlSequenceNode dims)
            {
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(value), $"input '{key.Value}' needs a shape such as [N, 3, H, W]");
                continue;
            }
            var parsed = dims.Children.Select(Dimension).ToList();
            if (parsed.Any(d => d is null)) continue;
            result.Add(new InputSpec(key.Value!, parsed.Select(d => d!).ToEquatableArray(), Locate(key)));
        }
        return result;
    }

    private Dictionary<string, Macro> Macros(YamlNode? section)
    {
        var result = new Dictionary<string, Macro>();
        foreach (var (key, value) in Entries(section, "macros"))
        {
            var head = OpTextParser.ParseMacroHead(key.Value!, ScalarOffset(key), locator, diagnostics);
            var body = LayerValue(value, key.Value!);
            if (head is null || body is null) continue;
            if (result.ContainsKey(head.Name))
            {
                Report(DiagnosticCatalog.DuplicateName, Locate(key), $"macro '{head.Name}' is defined twice");
                continue;
            }
            result.Add(head.Name, new Macro(head.Name, head.Parameters, body.Ops, Locate(key)));
        }
        return result;
    }

    private List<NodeSpec> Layers(YamlNode? section, YamlMappingNode root, MacroExpander expander)
    {
        if (section is null or YamlMappingNode { Children.Count: 0 })
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(section ?? root), "the model declares no 'layers'");
            return [];
        }
        var result = new List<NodeSpec>();
        foreach (var (key, value) in Entries(section, "layers"))
        {
            cancellation.ThrowIfCancellationRequested();
            if (!IsLayerName(key.Value!))
            {
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(key), $"layer name '{key.Value}' is not an identifier (letters, digits, '_') or a dotted module path such as convs.0");
                continue;
            }
            var layer = LayerValue(value, key.Value!);
            if (layer is null) continue;
            var ops = expander.Expand(layer.Ops);
            result.Add(new NodeSpec(key.Value!, layer.From, ops.ToEquatableArray(), layer.IsChain || ops.Count != 1, Locate(key), layer.When, layer.Inline));
        }
        return result;
    }

    private List<OutputSpec> Outputs(YamlNode? section)
    {
        var result = new List<OutputSpec>();
        foreach (var (key, value) in Entries(section, "outputs"))
        {
            switch (value)
            {
                case YamlScalarNode scalar when ParseExpr(scalar) is { } source:
                    result.Add(new OutputSpec(key.Value!, source, EquatableArray<Expr>.Empty, Locate(key)));
                    break;
                case YamlMappingNode mapping:
                    var from = Entry(mapping, "from") as YamlScalarNode;
                    var shape = Entry(mapping, "shape") as YamlSequenceNode;
                    var when = Entry(mapping, "when") as YamlScalarNode;
                    var fromExpr = from is null ? null : ParseExpr(from);
                    if (fromExpr is null)
                    {
                        Report(DiagnosticCatalog.InvalidDeclaration, Locate(mapping), $"output '{key.Value}' needs 'from: <layer>'");
                        break;
                    }
                    var dims = shape?.Children.Select(Dimension).ToList() ?? [];
                    if (dims.Any(d => d is null)) break;
                    result.Add(new OutputSpec(key.Value!, fromExpr, dims.Select(d => d!).ToEquatableArray(), Locate(key), when is null ? null : ParseExpr(when)));
                    break;
                case YamlScalarNode:
                    break;
                default:
                    Report(DiagnosticCatalog.InvalidDeclaration, Locate(value), $"output '{key.Value}' is a layer name or {{from: <layer>, shape: [...], when: <option>}}");
                    break;
            }
        }
        return result;
    }

    /// <summary>The value under <paramref name="key"/>, if any (a key that is not a scalar matches none).</summary>
    private static YamlNode? Entry(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: var name } && name == key).Value;

    // ---- layer values --------------------------------------------------------------------------

    /// <summary>An op, a list of ops, or {from, ops}, written in block or flow style.</summary>
    private LayerText? LayerValue(YamlNode value, string owner)
    {
        switch (value)
        {
            case YamlScalarNode scalar when !string.IsNullOrWhiteSpace(scalar.Value):
                return OpTextParser.ParseLayer(scalar.Value!, ScalarOffset(scalar), locator, diagnostics);
            case YamlSequenceNode { Style: YamlDotNet.Core.Events.SequenceStyle.Flow }:
            case YamlMappingNode { Style: YamlDotNet.Core.Events.MappingStyle.Flow }:
                // YAML's flow syntax would split "conv(64, 3)" at the comma: parse the raw text ourselves.
                return OpTextParser.ParseLayer(RawText(value), (int)value.Start.Index, locator, diagnostics);
            case YamlSequenceNode sequence:
                var calls = sequence.Children.Select(item => item is YamlScalarNode s
                    ? OpTextParser.ParseCall(s.Value ?? "", ScalarOffset(s), locator, diagnostics)
                    : ReportNull<OpCall>(Locate(item), $"layer '{owner}': each item of the list is one op such as conv(64, 3)")).ToList();
                return calls.Any(c => c is null) ? null : new LayerText(null, calls.Select(c => c!).ToList(), true);
            case YamlMappingNode mapping:
                return BlockMappingLayer(mapping, owner);
            default:
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(value), $"layer '{owner}' has no ops");
                return null;
        }
    }

    private LayerText? BlockMappingLayer(YamlMappingNode mapping, string owner)
    {
        Expr? from = null;
        Expr? when = null;
        var inline = false;
        LayerText? ops = null;
        foreach (var entry in mapping.Children)
        {
            var key = (YamlScalarNode)entry.Key;
            switch (key.Value)
            {
                case "from" when entry.Value is YamlScalarNode scalar:
                    from = ParseExpr(scalar);
                    break;
                case "when" when entry.Value is YamlScalarNode scalar:
                    when = ParseExpr(scalar);
                    break;
                case "inline":
                    if (entry.Value is YamlScalarNode { Value: "true" or "false" } flag) inline = flag.Value == "true";
                    else Report(DiagnosticCatalog.InvalidDeclaration, Locate(entry.Value), $"layer '{owner}': 'inline' is true or false");
                    break;
                case "ops":
                    ops = LayerValue(entry.Value, owner);
                    break;
                default:
                    Report(DiagnosticCatalog.InvalidDeclaration, Locate(key), $"layer '{owner}': unknown key '{key.Value}' ({OpTextParser.LayerKeys})");
                    break;
            }
        }
        if (ops is null)
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(mapping), $"layer '{owner}' needs 'ops'");
            return null;
        }
        return ops with { From = from, When = when, Inline = inline };
    }

    // ---- helpers -------------------------------------------------------------------------------

    private IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries(YamlNode? section, string name)
    {
        if (section is null) yield break;
        if (section is not YamlMappingNode mapping)
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(section), $"'{name}' is a mapping of name: value entries");
            yield break;
        }
        var seen = new HashSet<string>();
        foreach (var entry in mapping.Children)
        {
            if (entry.Key is not YamlScalarNode key || string.IsNullOrEmpty(key.Value))
            {
                Report(DiagnosticCatalog.InvalidDeclaration, Locate(entry.Key), $"'{name}' entries need a plain name as key");
                continue;
            }
            if (!seen.Add(key.Value!))
            {
                Report(DiagnosticCatalog.DuplicateName, Locate(key), $"'{key.Value}' is declared twice in '{name}'");
                continue;
            }
            yield return (key, entry.Value);
        }
    }

    private static YamlNode? Section(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> sections, string name) =>
        sections.TryGetValue(name, out var entry) ? entry.Value : null;

    private YamlScalarNode? RequiredScalar(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> sections, string name, YamlNode root)
    {
        if (!sections.ContainsKey(name))
        {
            Report(DiagnosticCatalog.InvalidDeclaration, Locate(root), $"the file has no '{name}:' section");
            return null;
        }
        return OptionalScalar(sections, name);
    }

    private YamlScalarNode? OptionalScalar(Dictionary<string, (YamlScalarNode Key, YamlNode Value)> sections, string name)
    {
        if (!sections.TryGetValue(name, out var entry)) return null;
        if (entry.Value is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value)) return scalar;
        Report(DiagnosticCatalog.InvalidDeclaration, Locate(entry.Value), $"'{name}' takes a single value");
        return null;
    }

    /// <summary>One dimension of a declared shape, e.g. <c>H</c> or <c>32*h</c>; null after reporting.</summary>
    private Expr? Dimension(YamlNode dim) => dim is YamlScalarNode scalar
        ? ParseExpr(scalar)
        : ReportNull<Expr>(Locate(dim), "a dimension is a single value such as N, 3, classes or H");

    private Expr? ParseExpr(YamlScalarNode scalar) =>
        OpTextParser.ParseExpr(scalar.Value ?? "", ScalarOffset(scalar), locator, diagnostics);

    /// <summary>Where a scalar's text starts in the file (past the opening quote of a quoted scalar).</summary>
    private static int ScalarOffset(YamlScalarNode scalar) =>
        (int)scalar.Start.Index + (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0);

    /// <summary>
    /// The source text of a flow collection. YamlDotNet's end mark of a collection node is that of its
    /// opening token, so the extent is found by matching brackets (outside quotes).
    /// </summary>
    private string RawText(YamlNode node)
    {
        var text = locator.Text;
        var start = (int)node.Start.Index;
        var depth = 0;
        var quote = '\0';
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '[' or '{' or '(':
                    depth++;
                    break;
                case ']' or '}' or ')':
                    if (--depth == 0) return text.ToString(TextSpan.FromBounds(start, i + 1));
                    break;
            }
        }
        return text.ToString(TextSpan.FromBounds(start, text.Length));
    }

    private SourceLocation Locate(YamlNode node) => Span(node.Start, node.End);

    private SourceLocation Span(Mark start, Mark end) => locator.At((int)start.Index, (int)(end.Index - start.Index));

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation location, string message) =>
        diagnostics.Add(DiagnosticCatalog.Create(descriptor, location, message));

    private T? ReportNull<T>(SourceLocation location, string message) where T : class
    {
        Report(DiagnosticCatalog.InvalidDeclaration, location, message);
        return null;
    }

    private static string CleanYamlMessage(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: …, Col: …, Idx: …) - (…): "; the location says that already.
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(cut + 3) : message;
    }

    /// <summary>Passes YamlDotNet's events through, remembering where the still open flow collections start.</summary>
    private sealed class CollectionTracker(IParser inner) : IParser
    {
        private readonly Stack<Mark?> open = new();

        public ParsingEvent? Current => inner.Current;

        /// <summary>The start of the innermost unclosed <c>[…]</c> or <c>{…}</c>, if any.</summary>
        public Mark? InnermostOpenFlow => open.FirstOrDefault(m => m is not null);

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            switch (inner.Current)
            {
                case SequenceStart start:
                    open.Push(start.Style == SequenceStyle.Flow ? start.Start : null);
                    break;
                case MappingStart start:
                    open.Push(start.Style == MappingStyle.Flow ? start.Start : null);
                    break;
                case SequenceEnd or MappingEnd:
                    open.Pop();
                    break;
            }
            return moved;
        }
    }

    /// <summary>C#'s limit for identifiers (CS0645), which declared names become.</summary>
    internal const int MaxNameLength = 512;

    /// <summary>An identifier, or a dotted path of PyTorch module names whose first part is one (<c>convs.0</c>: a nested module).</summary>
    internal static bool IsLayerName(string name)
    {
        var parts = name.Split('.');
        return IsIdentifier(parts[0]) && parts.Skip(1).All(p => IsIdentifier(p) || (p.Length is > 0 and < 10 && p.All(char.IsDigit)));
    }

    internal static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= MaxNameLength && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}
