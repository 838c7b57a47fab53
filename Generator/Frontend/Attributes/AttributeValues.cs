using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Common;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;

namespace SegGen.Generator.Frontend.Attributes;

/// <summary>
/// Reads attribute arguments as the model language's values: numbers and true/false as such, strings
/// through <see cref="OpTextParser"/> (so <c>"2*width"</c> and <c>"enc1.3"</c> mean what they mean in YAML),
/// <c>nameof(x)</c> as the name <c>x</c> even when <c>x</c> is a member the generator has yet to write
/// (a hyperparameter). Every value is located at its argument.
/// </summary>
internal sealed class AttributeValues(SemanticModel semantics, Locator locator, List<DiagnosticInfo> diagnostics)
{
    /// <summary>The semantic model of the file these attributes are in, made once per file.</summary>
    public SemanticModel Semantics { get; } = semantics;

    public SourceLocation Locate(SyntaxNode node) => locator.At(node.SpanStart, node.Span.Length);

    public SourceLocation Locate(SyntaxToken token) => locator.At(token.SpanStart, token.Span.Length);

    /// <summary>The value of <paramref name="expression"/>, or null after reporting why it has none.</summary>
    public Expr? Read(ExpressionSyntax expression)
    {
        var location = Locate(expression);
        var constant = Semantics.GetConstantValue(expression);
        if (constant.HasValue)
        {
            switch (constant.Value)
            {
                case int or long or short or byte or sbyte or uint or ushort:
                    return new IntExpr(System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture), location);
                case double or float or decimal:
                    return new FloatExpr(System.Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture), location);
                case bool flag:
                    return new BoolExpr(flag, location);
                case string text:
                    return Parse(text, expression);
            }
        }
        // nameof of a member the generator writes (a hyperparameter) has no value yet: its name is the value.
        if (NameOf(expression) is { } name) return new NameExpr(name, location);
        Report(DiagnosticCatalog.NonConstantArgument, location, constant.HasValue
            ? $"'{expression}' is null; write a value"
            : $"'{expression}' is not a constant: write a number, true/false, a string such as \"2*width\", or nameof(member)");
        return null;
    }

    /// <summary>The text of a string argument, for names (of the model's parts) that are not parsed as values.</summary>
    public string? ReadName(ExpressionSyntax expression)
    {
        var constant = Semantics.GetConstantValue(expression);
        if (constant is { HasValue: true, Value: string text }) return text;
        if (NameOf(expression) is { } name) return name;
        Report(DiagnosticCatalog.NonConstantArgument, Locate(expression), $"'{expression}' is not a constant string: write a name in quotes or nameof(member)");
        return null;
    }

    /// <summary>
    /// A use site's option or hyperparameter, written <c>"name=value"</c> (an attribute has no named arguments
    /// beyond the ones it declares): the value is read like any string argument. Null after reporting.
    /// </summary>
    public ArgSpec? ReadOption(ExpressionSyntax expression)
    {
        var location = Locate(expression);
        if (Semantics.GetConstantValue(expression) is not { HasValue: true, Value: string text })
        {
            Report(DiagnosticCatalog.NonConstantArgument, location, $"'{expression}' is not a constant string: write an option as \"name=value\"");
            return null;
        }
        var equals = text.IndexOf('=');
        var name = equals < 0 ? "" : text.Substring(0, equals).Trim();
        if (!SyntaxFacts.IsValidIdentifier(name))
        {
            Report(DiagnosticCatalog.InvalidArgument, location, $"'{text}' is not an option: write \"name=value\", e.g. \"stride=1\"");
            return null;
        }
        var value = Parse(text, expression, equals + 1);
        return value is null ? null : new ArgSpec(name, value, location);
    }

    private static string? NameOf(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: { Count: 1 } arguments }
            ? arguments[0].Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            }
            : null;

    /// <summary>
    /// Parses a string (from <paramref name="start"/> on) in the op language. A plain literal is parsed in place, so an error points at the
    /// character inside the quotes; any other constant string (escapes, concatenation, a const) at the argument.
    /// </summary>
    private Expr? Parse(string text, ExpressionSyntax expression, int start = 0)
    {
        if (expression is LiteralExpressionSyntax { Token: var token } && token.IsKind(SyntaxKind.StringLiteralToken) && token.Text == "\"" + text + "\"")
        {
            return OpTextParser.ParseExpr(text.Substring(start), token.SpanStart + 1 + start, locator, diagnostics);
        }
        var own = new List<DiagnosticInfo>();
        var parsed = OpTextParser.ParseExpr(text.Substring(start), 0, new Locator(locator.Path, SourceText.From(text.Substring(start))), own);
        var location = Locate(expression);
        diagnostics.AddRange(own.Select(d => d with { Location = location }));
        return parsed is null ? null : Relocate(parsed, location);
    }

    private static Expr Relocate(Expr expr, SourceLocation location) => expr switch
    {
        BinaryExpr binary => binary with { Left = Relocate(binary.Left, location), Right = Relocate(binary.Right, location), Location = location },
        NegateExpr negate => negate with { Operand = Relocate(negate.Operand, location), Location = location },
        ListExpr list => list with { Items = list.Items.Select(i => Relocate(i, location)).ToEquatableArray(), Location = location },
        _ => expr with { Location = location },
    };

    public void Report(DiagnosticDescriptor descriptor, SourceLocation location, string message) =>
        diagnostics.Add(DiagnosticCatalog.Create(descriptor, location, message));
}
