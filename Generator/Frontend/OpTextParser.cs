using System;
using System.Collections.Generic;
using System.Globalization;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend;

/// <summary>An op as written, before macro expansion: <c>cbr(2*width) x2</c>.</summary>
public sealed record OpCall(string Name, EquatableArray<ArgSpec> Args, int Repeat, SourceLocation Location);

/// <summary>A macro's name and parameter names: <c>cbr(out)</c>.</summary>
public sealed record MacroHead(string Name, List<string> Parameters);

/// <summary>A layer value written inline: an op, a list of ops, or <c>{from: ref, ops: …}</c>.</summary>
public sealed record LayerText(Expr? From, List<OpCall> Ops, bool IsChain, Expr? When = null, bool Inline = false);

/// <summary>
/// Parses the op language inside YAML values: op calls with positional and named arguments,
/// arithmetic on names and integers, lists, <c>xN</c> repeats, and (because YAML's own flow syntax
/// splits <c>conv(64, 3)</c> at the comma) whole flow values <c>[…]</c> and <c>{from: …, ops: …}</c>.
/// Errors become SEG0001 diagnostics at the offending character; parsing then stops.
/// </summary>
public sealed class OpTextParser
{
    private const int MaxExpressionSize = 256;

    private readonly string text;
    private readonly int baseOffset;
    private readonly Locator locator;
    private readonly List<DiagnosticInfo> diagnostics;
    private int position;
    private int expressionSize;

    private OpTextParser(string text, int baseOffset, Locator locator, List<DiagnosticInfo> diagnostics)
    {
        this.text = text;
        this.baseOffset = baseOffset;
        this.locator = locator;
        this.diagnostics = diagnostics;
    }

    /// <summary>Parses a layer value; <paramref name="baseOffset"/> is where <paramref name="text"/> starts in the file.</summary>
    public static LayerText? ParseLayer(string text, int baseOffset, Locator locator, List<DiagnosticInfo> diagnostics) =>
        new OpTextParser(text, baseOffset, locator, diagnostics).Run(p => p.Layer());

    /// <summary>Parses one op call (an item of a block list).</summary>
    public static OpCall? ParseCall(string text, int baseOffset, Locator locator, List<DiagnosticInfo> diagnostics) =>
        new OpTextParser(text, baseOffset, locator, diagnostics).Run(p => p.Call());

    /// <summary>Parses a single expression (a dimension, a default value, a reference).</summary>
    public static Expr? ParseExpr(string text, int baseOffset, Locator locator, List<DiagnosticInfo> diagnostics) =>
        new OpTextParser(text, baseOffset, locator, diagnostics).Run(p => p.Value());

    /// <summary>Parses a macro head <c>name(param, …)</c>.</summary>
    public static MacroHead? ParseMacroHead(string text, int baseOffset, Locator locator, List<DiagnosticInfo> diagnostics) =>
        new OpTextParser(text, baseOffset, locator, diagnostics).Run(p => p.MacroHead());

    private T? Run<T>(Func<OpTextParser, T> parse) where T : class
    {
        try
        {
            var result = parse(this);
            SkipSpace();
            if (position < text.Length) throw Fail($"unexpected '{text[position]}' after the value");
            return result;
        }
        catch (SyntaxError error)
        {
            diagnostics.Add(DiagnosticCatalog.Create(DiagnosticCatalog.YamlSyntax, error.Location, error.Message));
            return null;
        }
    }

    private sealed class SyntaxError(string message, SourceLocation location) : Exception(message)
    {
        public SourceLocation Location { get; } = location;
    }

    private SyntaxError Fail(string message, int? at = null) =>
        new(message, Locate(at ?? position, position < text.Length ? 1 : 0));

    private SourceLocation Locate(int start, int length) => locator.At(baseOffset + start, length);

    // ---- layers --------------------------------------------------------------------------------

    private LayerText Layer()
    {
        SkipSpace();
        if (Peek('{')) return Mapping();
        if (Peek('[')) return new LayerText(null, OpList(), true);
        return new LayerText(null, [Call()], false);
    }

    /// <summary>The keys of a layer mapping, for the messages of both syntaxes.</summary>
    public const string LayerKeys = "a layer mapping has 'from', 'ops', 'when' and 'inline'";

    private LayerText Mapping()
    {
        Expect('{');
        Expr? from = null;
        Expr? when = null;
        var inline = false;
        List<OpCall>? ops = null;
        var isChain = false;
        do
        {
            SkipSpace();
            var keyStart = position;
            var key = Identifier();
            Expect(':');
            switch (key)
            {
                case "from":
                    from = Value();
                    break;
                case "when":
                    when = Value();
                    break;
                case "inline":
                    SkipSpace();
                    var flagStart = position;
                    inline = Value() is BoolExpr flag ? flag.Value : throw Fail("'inline' is true or false", flagStart);
                    break;
                case "ops":
                    SkipSpace();
                    isChain = Peek('[');
                    ops = isChain ? OpList() : [Call()];
                    break;
                default:
                    throw Fail($"unknown layer key '{key}': {LayerKeys}", keyStart);
            }
            SkipSpace();
        }
        while (TryTake(','));
        Expect('}');
        return ops is null ? throw Fail("a layer mapping needs 'ops'") : new LayerText(from, ops, isChain, when, inline);
    }

    private List<OpCall> OpList()
    {
        Expect('[');
        var ops = new List<OpCall>();
        SkipSpace();
        if (TryTake(']')) return ops;
        do ops.Add(Call());
        while (TryTake(','));
        Expect(']');
        return ops;
    }

    private OpCall Call()
    {
        SkipSpace();
        var start = position;
        var name = Identifier();
        var args = new List<ArgSpec>();
        SkipSpace();
        if (TryTake('('))
        {
            SkipSpace();
            if (!TryTake(')'))
            {
                do args.Add(Argument());
                while (TryTake(','));
                Expect(')');
            }
        }
        var end = position;
        var repeat = Repeat();
        return new OpCall(name, args.ToEquatableArray(), repeat, Locate(start, end - start));
    }

    /// <summary>An optional <c>xN</c> after a call.</summary>
    private int Repeat()
    {
        var save = position;
        SkipSpace();
        if (position < text.Length && text[position] == 'x' && position + 1 < text.Length && char.IsDigit(text[position + 1]))
        {
            var start = position++;
            var count = Integer();
            if (count < 1 || count > 1000) throw Fail($"repeat count must be between 1 and 1000, got {count}", start);
            return (int)count;
        }
        position = save;
        return 1;
    }

    private ArgSpec Argument()
    {
        SkipSpace();
        var start = position;
        if (IdentifierStart() && NamedArgumentAhead())
        {
            var name = Identifier();
            Expect('=');
            var value = Value();
            return new ArgSpec(name, value, Locate(start, position - start));
        }
        var positional = Value();
        return new ArgSpec(null, positional, positional.Location);
    }

    private bool NamedArgumentAhead()
    {
        var probe = position;
        while (probe < text.Length && (char.IsLetterOrDigit(text[probe]) || text[probe] == '_')) probe++;
        while (probe < text.Length && text[probe] == ' ') probe++;
        return probe < text.Length && text[probe] == '=';
    }

    private MacroHead MacroHead()
    {
        SkipSpace();
        var name = Identifier();
        var parameters = new List<string>();
        SkipSpace();
        if (TryTake('('))
        {
            SkipSpace();
            if (!TryTake(')'))
            {
                do
                {
                    SkipSpace();
                    parameters.Add(Identifier());
                    SkipSpace();
                }
                while (TryTake(','));
                Expect(')');
            }
        }
        return new MacroHead(name, parameters);
    }

    // ---- expressions ---------------------------------------------------------------------------

    /// <summary>A whole value (an argument, a reference): the root of one expression tree.</summary>
    private Expr Value()
    {
        expressionSize = 0;
        return Expression();
    }

    /// <summary>
    /// Counts an operator, sign or bracket of the current value. Expression trees are walked recursively
    /// later (binder, macro substitution, records' equality in the incremental pipeline), so their size
    /// is bounded here, where a long or deeply nested value is a syntax error instead of a stack overflow.
    /// </summary>
    private void Grow()
    {
        if (++expressionSize > MaxExpressionSize)
        {
            throw Fail($"the value is too long or too deeply nested (more than {MaxExpressionSize} operators, signs and brackets)");
        }
    }

    private Expr Expression()
    {
        SkipSpace();
        var start = position;
        var left = Term();
        while (true)
        {
            SkipSpace();
            if (!Peek('+') && !Peek('-')) return left;
            Grow();
            var op = text[position++];
            var right = Term();
            left = new BinaryExpr(op, left, right, Locate(start, position - start));
        }
    }

    private Expr Term()
    {
        SkipSpace();
        var start = position;
        var left = Factor();
        while (true)
        {
            SkipSpace();
            if (!TryTake('*')) return left;
            Grow();
            var right = Factor();
            left = new BinaryExpr('*', left, right, Locate(start, position - start));
        }
    }

    private Expr Factor()
    {
        SkipSpace();
        var start = position;
        if (position >= text.Length) throw Fail("expected a value");
        var c = text[position];
        if (c is '-' or '(' or '[') Grow();
        if (c == '-')
        {
            position++;
            var operand = Factor();
            return operand switch
            {
                IntExpr i => new IntExpr(-i.Value, Locate(start, position - start)),
                FloatExpr f => new FloatExpr(-f.Value, Locate(start, position - start)),
                _ => new NegateExpr(operand, Locate(start, position - start)),
            };
        }
        if (c == '(')
        {
            position++;
            var inner = Expression();
            Expect(')');
            return inner;
        }
        if (c == '[')
        {
            position++;
            var items = new List<Expr>();
            SkipSpace();
            if (!TryTake(']'))
            {
                do items.Add(Expression());
                while (TryTake(','));
                Expect(']');
            }
            return new ListExpr(items.ToEquatableArray(), Locate(start, position - start));
        }
        if (char.IsDigit(c) || c == '.') return Number();
        if (IdentifierStart())
        {
            var name = DottedName();
            if (name == "if" && Peek('(')) return Conditional(start);
            var location = Locate(start, position - start);
            Expr named = name switch
            {
                "true" => new BoolExpr(true, location),
                "false" => new BoolExpr(false, location),
                _ => new NameExpr(name, location),
            };
            // An index follows its list without a space: replace_stride_with_dilation[1].
            while ((named is NameExpr or IndexExpr) && Peek('['))
            {
                Grow();
                position++;
                var index = Expression();
                Expect(']');
                named = new IndexExpr(named, index, Locate(start, position - start));
            }
            return named;
        }
        throw Fail($"unexpected '{c}': expected a number, a name or a list");
    }

    /// <summary><c>if(condition, then, else)</c>, after its name.</summary>
    private Expr Conditional(int start)
    {
        Grow();
        Expect('(');
        var condition = Expression();
        Expect(',');
        var then = Expression();
        Expect(',');
        var otherwise = Expression();
        Expect(')');
        return new ConditionalExpr(condition, then, otherwise, Locate(start, position - start));
    }

    private Expr Number()
    {
        var start = position;
        while (position < text.Length && (char.IsDigit(text[position]) || text[position] is '.' or 'e' or 'E' ||
               (text[position] is '+' or '-' && position > start && text[position - 1] is 'e' or 'E')))
        {
            position++;
        }
        var token = text.Substring(start, position - start);
        var location = Locate(start, position - start);
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)) return new IntExpr(integer, location);
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return new FloatExpr(real, location);
        throw Fail($"'{token}' is not a number", start);
    }

    private long Integer()
    {
        var start = position;
        while (position < text.Length && char.IsDigit(text[position])) position++;
        return long.TryParse(text.Substring(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Fail("expected an integer", start);
    }

    private string DottedName()
    {
        var name = Identifier();
        while (position + 1 < text.Length && text[position] == '.' && (char.IsLetterOrDigit(text[position + 1]) || text[position + 1] == '_'))
        {
            position++;
            name += "." + IdentifierOrIndex();
        }
        return name;
    }

    private string IdentifierOrIndex()
    {
        if (position < text.Length && char.IsDigit(text[position])) return Integer().ToString(CultureInfo.InvariantCulture);
        return Identifier();
    }

    private string Identifier()
    {
        SkipSpace();
        if (!IdentifierStart()) throw Fail(position < text.Length ? $"unexpected '{text[position]}': expected a name" : "expected a name");
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_')) position++;
        // Names become C# identifiers, which C# limits to 512 characters; longer ones would also make suggestions slow.
        if (position - start > YamlFrontend.MaxNameLength) throw Fail($"a name is at most {YamlFrontend.MaxNameLength} characters, as in C#", start);
        return text.Substring(start, position - start);
    }

    private bool IdentifierStart() => position < text.Length && (char.IsLetter(text[position]) || text[position] == '_');

    // ---- characters ----------------------------------------------------------------------------

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
        // YAML comments inside a multi-line flow value run to the end of the line.
        if (position < text.Length && text[position] == '#')
        {
            while (position < text.Length && text[position] != '\n') position++;
            SkipSpace();
        }
    }

    private bool Peek(char c) => position < text.Length && text[position] == c;

    private bool TryTake(char c)
    {
        SkipSpace();
        if (!Peek(c)) return false;
        position++;
        return true;
    }

    private void Expect(char c)
    {
        if (!TryTake(c)) throw Fail(position < text.Length ? $"expected '{c}' but found '{text[position]}'" : $"expected '{c}' at the end");
    }
}
