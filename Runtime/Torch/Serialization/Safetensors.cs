using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Serialization;

/// <summary>
/// The safetensors format (SegGen's checkpoint format): an 8-byte little-endian header length, a JSON
/// header of name → dtype, shape and byte range, then the raw little-endian data. Loading never runs code.
/// </summary>
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (moved to the CPU) atomically: a temp file renamed over <paramref name="path"/>.</summary>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var entries = tensors.ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 }) header[MetadataKey] = metadata;
        long offset = 0;
        foreach (var (name, tensor) in entries)
        {
            if (header.ContainsKey(name)) throw new ArgumentException($"'{name}' is given twice: a safetensors file holds each name once", nameof(tensors));
            var length = tensor.numel() * tensor.element_size();
            header[name] = new Dictionary<string, object>
            {
                ["dtype"] = DtypeName(tensor.dtype, name),
                ["shape"] = tensor.shape,
                ["data_offsets"] = new[] { offset, offset + length },
            };
            offset += length;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (json.Length + 7) / 8 * 8;

        AtomicFile.Write(path, stream =>
        {
            Span<byte> prefix = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
            stream.Write(prefix);
            stream.Write(json);
            for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            var buffer = new byte[ChunkBytes];
            foreach (var (_, tensor) in entries) WriteData(stream, tensor, buffer);
        });
    }

    /// <summary>
    /// The most bytes <see cref="Save"/> copies out of a tensor at a time: a large weight (FCN-8s's fc6 is
    /// 411 MB) then never has a managed copy of its own.
    /// </summary>
    private const int ChunkBytes = 4 << 20;

    /// <summary>A tensor's elements, row-major, through <paramref name="buffer"/> in slices of whole elements.</summary>
    private static void WriteData(Stream stream, Tensor tensor, byte[] buffer)
    {
        using var flat = tensor.flatten(); // a view of a contiguous tensor; a non-contiguous one is copied natively
        var (count, size) = (flat.numel(), flat.element_size());
        var perChunk = buffer.Length / size;
        for (long start = 0; start < count; start += perChunk)
        {
            using var slice = flat.narrow(0, start, Math.Min(perChunk, count - start));
            var bytes = buffer.AsSpan(0, checked((int)(slice.numel() * size)));
            slice.CopyBytesTo(bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU, in file order.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or not safetensors; the message says which and where.</exception>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    public static Dictionary<string, Tensor> Load(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var fileLength = RandomAccess.GetLength(file);
        var entries = ReadHeader(path, file, fileLength, out metadata, out var dataStart);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                var bytes = new byte[entry.End - entry.Begin];
                ReadExactly(file, bytes, dataStart + entry.Begin, path);
                result.Add(entry.Name, FromBytes(bytes, entry.Type, entry.Shape));
            }
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
        return result;
    }

    private sealed record Entry(string Name, ScalarType Type, long[] Shape, long Begin, long End);

    private static List<Entry> ReadHeader(string path, SafeFileHandle file, long fileLength,
        out IReadOnlyDictionary<string, string> metadata, out long dataStart)
    {
        if (fileLength < 8) throw Invalid(path, $"file is {fileLength} bytes long, too short for a safetensors header");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(file, prefix, 0, path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes || (long)headerLength > fileLength - 8)
        {
            throw Invalid(path, $"header length {headerLength} exceeds the file ({fileLength} bytes): truncated or not a safetensors file");
        }
        var headerBytes = new byte[headerLength];
        ReadExactly(file, headerBytes, 8, path);
        dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Invalid(path, "header is not a JSON object");
            metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey) metadata = ParseMetadata(path, property.Value);
                else entries.Add(ParseEntry(path, property, dataLength));
            }
            CheckLayout(path, entries, dataLength);
            return entries;
        }
    }

    private static Dictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(item => item.Value.ValueKind != JsonValueKind.String))
        {
            throw Invalid(path, $"{MetadataKey} must map names to strings");
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject()) metadata[item.Name] = item.Value.GetString()!;
        return metadata;
    }

    private static Entry ParseEntry(string path, JsonProperty property, long dataLength)
    {
        var name = property.Name;
        try
        {
            var value = property.Value;
            var type = ParseDtype(value.GetProperty("dtype").GetString() ?? "");
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2) throw Invalid(path, $"tensor '{name}': data_offsets must hold 2 numbers");
            if (shape.Any(d => d < 0)) throw Invalid(path, $"tensor '{name}': negative dimension in shape [{string.Join(", ", shape)}]");
            var (begin, end) = (offsets[0], offsets[1]);
            if (begin < 0 || end < begin || end > dataLength)
            {
                throw Invalid(path, $"tensor '{name}': bytes [{begin}, {end}) lie outside the {dataLength}-byte data section (truncated file?)");
            }
            var expected = shape.Aggregate(1L, (a, b) => checked(a * b)) * ElementSize(type);
            if (expected != end - begin)
            {
                throw Invalid(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] of {type} needs {expected} bytes but the header gives {end - begin}");
            }
            return new Entry(name, type, shape, begin, end);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Invalid(path, $"tensor '{name}': malformed header entry ({e.Message})");
        }
    }

    private static void CheckLayout(string path, List<Entry> entries, long dataLength)
    {
        long covered = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            if (entry.Begin < covered) throw Invalid(path, $"tensor '{entry.Name}' overlaps another tensor's bytes");
            covered = entry.End;
        }
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[total..], offset + total);
            if (read == 0) throw Invalid(path, $"unexpected end of file at byte {offset + total}");
            total += read;
        }
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"{path}: {problem}");

    private static string DtypeName(ScalarType type, string name) => type switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"tensor '{name}': dtype {type} cannot be stored in safetensors"),
    };

    private static ScalarType ParseDtype(string name) => name switch
    {
        "F64" => ScalarType.Float64,
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new FormatException($"unsupported dtype '{name}'"),
    };

    internal static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
