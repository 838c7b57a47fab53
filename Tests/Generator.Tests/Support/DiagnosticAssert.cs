using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SegGen.Generator.Tests.Support;

public static class DiagnosticAssert
{
    /// <summary>The id, the file, where it starts (0-based line and column), the text it underlines and the whole message.</summary>
    public static void Located(Diagnostic diagnostic, string path, string text, string id, (int Line, int Column) at, string underlined, string message)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(path, span.Path);
        Assert.Equal(new LinePosition(at.Line, at.Column), span.StartLinePosition);
        Assert.Equal(underlined, SourceText.From(text).ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(message, diagnostic.GetMessage());
    }
}
