using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SegGen.Generator.Tests.Support;

/// <summary>Diagnostics as <c>dotnet build</c> prints them, for snapshots and readable assertions.</summary>
public static class DiagnosticText
{
    /// <summary><c>Model.seg.yaml(12,5): error SEG0009: message</c> (1-based line and column).</summary>
    public static string Line(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    /// <summary>Every diagnostic as a <see cref="Line"/>, sorted, one per line.</summary>
    public static string Lines(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(Line).OrderBy(l => l, System.StringComparer.Ordinal));
}
