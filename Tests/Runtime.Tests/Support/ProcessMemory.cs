using System;
using System.IO;
using System.Linq;

namespace SegGen.Runtime.Tests.Support;

/// <summary>This process's memory as Linux reports it.</summary>
internal static class ProcessMemory
{
    /// <summary>The resident set (VmRSS) in bytes.</summary>
    public static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
