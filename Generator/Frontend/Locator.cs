using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Common;

namespace SegGen.Generator.Frontend;

/// <summary>Turns character offsets of one file into <see cref="SourceLocation"/>s.</summary>
public sealed class Locator(string path, SourceText text)
{
    public string Path { get; } = path;

    public SourceText Text { get; } = text;

    public SourceLocation At(int start, int length)
    {
        start = Clamp(start);
        var end = Clamp(start + System.Math.Max(length, 0));
        var span = Text.Lines.GetLinePositionSpan(TextSpan.FromBounds(start, end));
        return new SourceLocation(Path, start, end - start, span.Start.Line, span.Start.Character, span.End.Line, span.End.Character);
    }

    private int Clamp(int offset) => offset < 0 ? 0 : offset > Text.Length ? Text.Length : offset;
}
