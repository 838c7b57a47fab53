using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SegGen.Bench;

/// <summary>A column of a <see cref="MarkdownTable{TRow}"/>: its header and how a row fills its cell.</summary>
internal sealed record Column<TRow>(string Header, Func<TRow, string> Cell, bool AlignRight = false);

/// <summary>
/// Renders rows as a markdown table whose columns are padded to line up, so the same text reads
/// well on a terminal and in a rendered RESULTS.md.
/// </summary>
internal sealed class MarkdownTable<TRow>(params Column<TRow>[] columns)
{
    public string Render(IEnumerable<TRow> rows)
    {
        var cells = rows.Select(row => columns.Select(c => c.Cell(row)).ToArray()).ToList();
        var widths = columns.Select((c, i) => cells.Select(r => r[i].Length).Append(c.Header.Length).Append(3).Max()).ToArray();

        var text = new StringBuilder();
        AppendLine(text, columns.Select(c => c.Header).ToArray(), widths);
        AppendLine(text, columns.Select((c, i) => c.AlignRight ? new string('-', widths[i] - 1) + ":" : new string('-', widths[i])).ToArray(), widths);
        foreach (var row in cells) AppendLine(text, row, widths);
        return text.ToString();
    }

    private void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = columns[i].AlignRight ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append("| ").Append(cell).Append(' ');
        }
        text.Append("|\n");
    }
}
