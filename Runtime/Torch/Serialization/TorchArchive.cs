using System;
using System.IO;
using System.IO.Compression;

namespace SegGen.Torch.Serialization;

/// <summary>
/// The zip container torch.save writes (PyTorch ≥ 1.6): records such as <c>data.pkl</c>, <c>data/&lt;key&gt;</c>,
/// <c>version</c> and <c>byteorder</c>, all in one top-level folder named after the archive (<c>model/data.pkl</c>).
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    private readonly ZipArchive zip;
    private readonly string folder;

    private TorchArchive(ZipArchive zip, string folder)
    {
        this.zip = zip;
        this.folder = folder;
    }

    /// <exception cref="InvalidDataException">The stream is no readable zip archive.</exception>
    public static TorchArchive Open(Stream stream)
    {
        ZipArchive? zip = null;
        string first;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            // As PyTorch's reader does, the first record's folder names the archive. Entries reads the central directory.
            first = zip.Entries.Count > 0 ? zip.Entries[0].FullName : "";
        }
        catch (InvalidDataException e)
        {
            zip?.Dispose();
            throw new InvalidDataException($"not a readable zip archive, truncated or corrupt ({e.Message})", e);
        }
        var slash = first.IndexOf('/');
        if (slash <= 0)
        {
            zip.Dispose();
            throw new InvalidDataException("the zip archive does not hold torch.save's records in a top-level folder");
        }
        return new TorchArchive(zip, first[..(slash + 1)]);
    }

    public bool HasRecord(string name) => zip.GetEntry(folder + name) is not null;

    /// <summary>The declared size of a record, to check before reading it.</summary>
    public long RecordLength(string name) => Entry(name).Length;

    /// <exception cref="InvalidDataException">The record is missing, shorter than declared, or fails its CRC-32 check.</exception>
    public byte[] ReadRecord(string name)
    {
        var entry = Entry(name);
        if (entry.Length > Array.MaxLength)
        {
            throw new InvalidDataException($"record '{entry.FullName}' of {entry.Length} bytes is larger than one read can hold");
        }
        var bytes = new byte[entry.Length];
        try
        {
            using var stream = entry.Open();
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"record '{entry.FullName}' is corrupt or truncated ({e.Message})", e);
        }
        if (Crc32.Compute(bytes) != entry.Crc32) throw new InvalidDataException($"record '{entry.FullName}' fails its CRC-32 check: corrupt");
        return bytes;
    }

    private ZipArchiveEntry Entry(string name) =>
        zip.GetEntry(folder + name) ?? throw new InvalidDataException($"record '{folder}{name}' is missing from the zip archive");

    public void Dispose() => zip.Dispose();
}
