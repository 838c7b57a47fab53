using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace SegGen.Bench;

/// <summary>How a run went: the settings and machine it ran on, then one table row per case.</summary>
internal sealed record RunInfo(BenchOptions Options, string LibTorchVersion, string PyTorchVersion, string LoadAverageAtStart);

/// <summary>The markdown report printed to stdout and written to RESULTS.md.</summary>
internal static class Report
{
    private const string NotesHeading = "## Notes";

    private static readonly MarkdownTable<CaseResult> Table = new(
        new Column<CaseResult>("case", r => r.Case.Name),
        new Column<CaseResult>("what", r => r.Case.Description),
        new Column<CaseResult>("SegGen", r => r.Case.Unit.Format(r.SegGenNs), AlignRight: true),
        new Column<CaseResult>("PyTorch", r => r.Case.Unit.Format(r.PyTorchNs), AlignRight: true),
        new Column<CaseResult>("ratio", r => Number(r.Ratio), AlignRight: true),
        new Column<CaseResult>("rounds' ratio IQR", r => $"{Number(r.RatioLowQuartile)}–{Number(r.RatioHighQuartile)}"),
        new Column<CaseResult>("target", r => r.Case.Target.ToString()),
        new Column<CaseResult>("met?", r => r.TargetMet ? "yes" : "**no**"));

    private static readonly MarkdownTable<GeneratorCostResult> GeneratorTable = new(
        new Column<GeneratorCostResult>("model", r => r.Name),
        new Column<GeneratorCostResult>("what", r => r.What),
        new Column<GeneratorCostResult>("median", r => r.MedianMs.ToString("0.00", CultureInfo.InvariantCulture) + " ms", AlignRight: true),
        new Column<GeneratorCostResult>("target", r => "≤ " + r.TargetMs.ToString("0", CultureInfo.InvariantCulture) + " ms"),
        new Column<GeneratorCostResult>("met?", r => r.TargetMet ? "yes" : "**no**"),
        new Column<GeneratorCostResult>("note", r => r.Note));

    public static string Render(RunInfo run, IReadOnlyList<CaseResult> results, IReadOnlyList<GeneratorCostResult> generator,
        long segGenPeakRssKiB, long pyTorchPeakRssKiB)
    {
        var o = run.Options;
        var text = new StringBuilder();
        text.Append("# SegGen vs PyTorch benchmark\n\n");
        text.Append("Written by `bench/run`; everything above \"Notes\" is replaced on each run.\n\n");
        text.Append($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        text.Append($"- machine: {Environment.ProcessorCount} cores (nproc), {Machine.CpuModel}; 1-min load average at start {run.LoadAverageAtStart}\n");
        text.Append($"- libtorch: {run.LibTorchVersion} (SegGen shim); Python torch reports {run.PyTorchVersion} (same system .so files)\n");
        text.Append($"- threads: {o.Threads} on both sides\n");
        text.Append($"- rounds: {o.Rounds} per case, each side ≈{o.RoundTime.TotalMilliseconds:0} ms per round, alternating, " +
                    $"after {o.WarmUpTime.TotalMilliseconds:0} ms warm-up per side; times are medians over rounds per iteration; ratio = median over rounds of SegGen / PyTorch in the same round\n");
        text.Append($"- peak RSS (VmHWM) at the end: SegGen driver {Mebibytes(segGenPeakRssKiB)}, PyTorch worker {Mebibytes(pyTorchPeakRssKiB)}\n\n");
        text.Append(Table.Render(results));
        if (generator.Count > 0)
        {
            text.Append("\n## Generator cost\n\n");
            text.Append("The models of Architectures/Models and Tests/Generator.Tests/Models; medians over the rounds, in this process.\n\n");
            text.Append(GeneratorTable.Render(generator));
        }
        return text.ToString();
    }

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>, keeping the hand-written notes already there.</summary>
    public static void Write(string path, string report)
    {
        var previous = File.Exists(path) ? File.ReadAllText(path) : "";
        var notes = previous.IndexOf(NotesHeading, StringComparison.Ordinal);
        File.WriteAllText(path, notes < 0 ? report : report + "\n" + previous[notes..]);
    }

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Mebibytes(long kib) => (kib / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " MiB";
}
