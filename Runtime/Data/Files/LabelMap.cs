using System;
using System.IO;

namespace SegGen.Data.Files;

/// <summary>A mask value that is neither a class nor a value the layout ignores; the loader can skip such samples. An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), like every other bad-file error.</summary>
public sealed class LabelOutOfRangeException(string message) : IOException(message);

/// <summary>
/// How a layout's stored label values (one byte per pixel) become class indexes or
/// <see cref="ISegmentationDataSet.IgnoreLabel"/>: a table over the 256 byte values, −1 where a value is invalid.
/// </summary>
internal sealed class LabelMap
{
    private const long Invalid = -1;
    private readonly long[] table;
    private readonly string valid;

    private LabelMap(long[] table, string valid) => (this.table, this.valid) = (table, valid);

    /// <summary>Values 0 … classes − 1 are the classes; <paramref name="ignored"/> becomes the ignore label.</summary>
    public static LabelMap Identity(int classes, int ignored)
    {
        var table = Table();
        for (var value = 0; value < classes; value++) table[value] = value;
        table[ignored] = ISegmentationDataSet.IgnoreLabel;
        return new LabelMap(table, $"0–{classes - 1} (the classes) or {ignored} (ignored)");
    }

    /// <summary>Stored value i becomes <paramref name="classOfValue"/>[i]; values past its end are invalid.</summary>
    public static LabelMap Mapped(long[] classOfValue)
    {
        var table = Table();
        classOfValue.CopyTo(table, 0);
        return new LabelMap(table, $"0–{classOfValue.Length - 1}");
    }

    /// <summary>The class of every pixel; the first invalid value throws, naming the file, the value and where it is.</summary>
    public long[] Apply(string path, ReadOnlySpan<byte> stored, int width)
    {
        var labels = new long[stored.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            var label = table[stored[i]];
            if (label == Invalid)
            {
                throw new LabelOutOfRangeException($"{path}: label value {stored[i]} at row {i / width}, column {i % width} is outside the classes (valid: {valid})");
            }
            labels[i] = label;
        }
        return labels;
    }

    private static long[] Table()
    {
        var table = new long[256];
        Array.Fill(table, Invalid);
        return table;
    }
}
