using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace SegGen.Runtime.Tests.Support;

/// <summary>Reads and writes torch.save's zip layout, to build checkpoints PyTorch itself would never write.</summary>
public static class CheckpointArchive
{
    /// <summary>Every record of the zip archive at <paramref name="path"/>, in archive order.</summary>
    public static List<(string Name, byte[] Data)> ReadRecords(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var records = new List<(string, byte[])>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            var data = new byte[entry.Length];
            stream.ReadExactly(data);
            records.Add((entry.FullName, data));
        }
        return records;
    }

    /// <summary>Writes <paramref name="records"/> uncompressed, as torch.save does.</summary>
    public static void Write(string path, IEnumerable<(string Name, byte[] Data)> records)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in records)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(data);
        }
    }
}
