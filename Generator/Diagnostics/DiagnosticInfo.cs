using Microsoft.CodeAnalysis;
using SegGen.Generator.Common;

namespace SegGen.Generator.Diagnostics;

/// <summary>A diagnostic as plain values (descriptor id, location, message arguments), so pipeline models stay equatable.</summary>
public sealed record DiagnosticInfo(string Id, SourceLocation Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(DiagnosticCatalog.Get(Id), Location.ToLocation(), Arguments.ToArrayOfObjects());

    public DiagnosticSeverity Severity => DiagnosticCatalog.Get(Id).DefaultSeverity;

    /// <summary>The message with its arguments filled in.</summary>
    public string Message => ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The line a compiler prints: <c>file(line,col): error SEG0009: message</c>.</summary>
    public string Format() =>
        $"{Location.Path}({Location.Line + 1},{Location.Column + 1}): {SeverityWord} {Id}: {Message}";

    private string SeverityWord => Severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}

internal static class DiagnosticArguments
{
    public static object[] ToArrayOfObjects(this EquatableArray<string> arguments)
    {
        var result = new object[arguments.Count];
        for (var i = 0; i < result.Length; i++) result[i] = arguments[i];
        return result;
    }
}
