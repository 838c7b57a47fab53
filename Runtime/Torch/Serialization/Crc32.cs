using System;

namespace SegGen.Torch.Serialization;

/// <summary>
/// The CRC-32 of zip archives (IEEE 802.3, reflected polynomial 0xEDB88320). System.IO.Compression does not check
/// it when reading, and the BCL has it only in the System.IO.Hashing package.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data) crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        return ~crc;
    }

    /// <summary>The CRC of every byte value, so that <see cref="Compute"/> takes a byte per step rather than a bit.</summary>
    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint value = 0; value < table.Length; value++)
        {
            var crc = value;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? Polynomial ^ (crc >> 1) : crc >> 1;
            table[value] = crc;
        }
        return table;
    }
}
