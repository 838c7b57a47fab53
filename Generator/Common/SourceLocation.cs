using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SegGen.Generator.Common;

/// <summary>
/// Where a declaration element sits: file, 0-based start line/column, and the character span.
/// A plain value (no Roslyn <see cref="Location"/>), so models that hold it stay equatable.
/// </summary>
public sealed record SourceLocation(string Path, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public static readonly SourceLocation None = new("", 0, 0, 0, 0, 0, 0);

    public Location ToLocation() => Path.Length == 0
        ? Location.None
        : Location.Create(Path, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(Line, Column), new LinePosition(EndLine, EndColumn)));

    /// <summary>A location inside this one, <paramref name="offset"/> characters in, on the same line.</summary>
    public SourceLocation Slice(int offset, int length) =>
        new(Path, Start + offset, length, Line, Column + offset, Line, Column + offset + length);

    /// <summary>"file.seg.yaml:12" for comments in generated code.</summary>
    public string ShortText => Path.Length == 0 ? "" : System.IO.Path.GetFileName(Path) + ":" + (Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
