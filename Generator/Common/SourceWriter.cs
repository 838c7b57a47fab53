using System;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

namespace SegGen.Generator.Common;

/// <summary>
/// Builds C# text with real indentation (4 spaces) and '\n' line ends, independent of the host OS. Dispose it after
/// <see cref="ToString"/>: its buffer then serves the next writer.
/// </summary>
public sealed class SourceWriter : IDisposable
{
    /// <summary>
    /// One buffer kept between writers. A ResNet's module is near a million characters: written into fresh 16 KB
    /// chunks each time, that is a megabyte of garbage per model, all of it alive (and copied) whenever a collection
    /// falls inside an emission. Cleared, the kept buffer is one array its next writer fills in place. One, not one per
    /// thread: a writer that finds it taken starts its own.
    /// </summary>
    private static StringBuilder? spare;

    private readonly StringBuilder builder = Interlocked.Exchange(ref spare, null) ?? new StringBuilder();
    private int indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) builder.Append(' ', indent * 4).Append(text);
        builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Writes an interpolated line straight into the text: the emitters write hundreds of kilobytes a model, and
    /// formatting each line into a string of its own first costs more time (and garbage) than writing it.
    /// </summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] LineHandler text)
    {
        text.End();
        return this;
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        indent++;
        return new Closer(this, closing);
    }

    public void Indent() => indent++;

    public void Outdent() => indent--;

    public override string ToString() => builder.ToString();

    public void Dispose()
    {
        builder.Clear();
        spare = builder;
    }

    /// <summary>
    /// One line written in place: the indentation, then each part as <see cref="string.Format(string, object[])"/>
    /// would write it; a line that comes out empty gets no indentation, as <see cref="Line(string)"/> does.
    /// </summary>
    [InterpolatedStringHandler]
    public readonly struct LineHandler
    {
        private readonly StringBuilder builder;
        private readonly int start;
        private readonly int indented;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            builder = writer.builder;
            start = builder.Length;
            builder.Append(' ', writer.indent * 4);
            indented = builder.Length;
        }

        public void AppendLiteral(string value) => builder.Append(value);

        public void AppendFormatted(string? value) => builder.Append(value);

        public void AppendFormatted<T>(T value) =>
            builder.Append(value is IFormattable formattable ? formattable.ToString(null, null) : value?.ToString());

        internal void End()
        {
            if (builder.Length == indented) builder.Length = start;
            builder.Append('\n');
        }
    }

    private sealed class Closer(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer.indent--;
            writer.Line(closing);
        }
    }
}
