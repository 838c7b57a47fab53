using System;
using System.Globalization;
using System.IO;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>What the report says about the machine and this process, read from Linux's /proc.</summary>
internal static class Machine
{
    public static string CpuModel => FieldOf("/proc/cpuinfo", "model name") ?? "unknown CPU";

    /// <summary>The 1-minute load average: other work on the machine makes the numbers noisier.</summary>
    public static string LoadAverage => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>This process's peak resident set (VmHWM), as the worker reports its own.</summary>
    public static long PeakRssKiB => StatusKiB("VmHWM");

    /// <summary>This process's resident set now (VmRSS).</summary>
    public static long ResidentKiB => StatusKiB("VmRSS");

    /// <summary>
    /// Gives freed memory back to the kernel (so that memory a previous case freed is not silently
    /// reused by the next, hiding its growth, and garbage is not counted as resident) and restarts VmHWM
    /// at the current resident set, as the worker's reset_peak does; release_freed_memory() gives back what
    /// keep_freed_memory() keeps (SegGen's large-tensor heap and, as the worker's malloc_trim, the C library's).
    /// Garbage first: tensors dropped without Dispose hold native memory until their finalizers run.
    /// </summary>
    public static void ResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        release_freed_memory();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    private static long StatusKiB(string field) =>
        long.Parse((FieldOf("/proc/self/status", field) ?? throw new InvalidOperationException($"{field} missing from /proc/self/status"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    /// <summary>The value of the first "<paramref name="name"/>: value" line of a /proc file.</summary>
    private static string? FieldOf(string path, string name) =>
        File.ReadLines(path)
            .Select(line => line.Split(':', 2))
            .FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim() == name)?[1].Trim();
}
