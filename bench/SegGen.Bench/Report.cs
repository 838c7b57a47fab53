using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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
        new Column<CaseResult>("PyTorch", r => r.Case.Unit.Format(r.Opponents[0].PyTorchNs), AlignRight: true),
        new Column<CaseResult>("ratio", r => Number(r.Opponents[0].Ratio), AlignRight: true),
        new Column<CaseResult>("rounds' ratio IQR", r => Quartiles(r.Opponents[0])),
        new Column<CaseResult>("target", r => r.Opponents[0].Opponent.Target.ToString()),
        new Column<CaseResult>("met?", r => r.TargetMet ? "yes" : "**no**"));

    private const string Missing = "—";

    // A model row's second PyTorch side is TorchScript, when it has one.
    private static readonly MarkdownTable<CaseResult> ModelTable = new(
        new Column<CaseResult>("case", c => c.Case.Name),
        new Column<CaseResult>("what", c => c.Case.Description),
        new Column<CaseResult>("SegGen", c => c.Case.Unit.Format(c.SegGenNs), AlignRight: true),
        new Column<CaseResult>("eager", c => Side(c, 0, o => c.Case.Unit.Format(o.PyTorchNs)), AlignRight: true),
        new Column<CaseResult>("SegGen/eager (IQR)", c => Side(c, 0, RatioWithQuartiles)),
        new Column<CaseResult>("TorchScript", c => Side(c, 1, o => $"{c.Case.Unit.Format(o.PyTorchNs)} ({o.Build})"), AlignRight: true),
        new Column<CaseResult>("SegGen/TS (IQR)", c => Side(c, 1, RatioWithQuartiles)),
        new Column<CaseResult>("target", c => string.Join(", ", c.Opponents.Select(o => o.Opponent.Target.ToString()))),
        new Column<CaseResult>("met?", c => c.TargetMet ? "yes" : "**no**"),
        new Column<CaseResult>("rounds", c => c.Rounds.ToString(CultureInfo.InvariantCulture), AlignRight: true),
        new Column<CaseResult>("peak MiB SegGen / eager / TS", c =>
            string.Join(" / ", c.Opponents.Select(o => o.PeakKiB).Prepend(c.SegGenPeakKiB).Select(k => k is { } kib ? Mebibytes(kib) : Missing))),
        new Column<CaseResult>("memory ≤ PyTorch?", c => c.Opponents.All(o => c.SegGenPeakKiB <= o.PeakKiB) ? "yes" : "**no**"),
        new Column<CaseResult>("max abs diff eager / TS (max abs output)", c =>
            string.Join(" / ", c.Opponents.Select(o => o.Agreement is { } a ? Scientific(a.MaxAbsDifference) : Missing))
            + (c.Opponents[0].Agreement is { } first ? $" ({Scientific(first.MaxAbsOutput)})" : "")));

    private static readonly MarkdownTable<GeneratorCostResult> GeneratorTable = new(
        new Column<GeneratorCostResult>("model", r => r.Name),
        new Column<GeneratorCostResult>("what", r => r.What),
        new Column<GeneratorCostResult>("median", r => r.MedianMs.ToString("0.00", CultureInfo.InvariantCulture) + " ms", AlignRight: true),
        new Column<GeneratorCostResult>("target", r => "≤ " + r.TargetMs.ToString("0", CultureInfo.InvariantCulture) + " ms"),
        new Column<GeneratorCostResult>("met?", r => r.TargetMet ? "yes" : "**no**"),
        new Column<GeneratorCostResult>("note", r => r.Note));

    public static string Render(RunInfo run, IReadOnlyList<CaseResult> results, IReadOnlyList<GeneratorCostResult> generator, long segGenPeakRssKiB, long pyTorchPeakRssKiB)
    {
        var o = run.Options;
        var text = new StringBuilder();
        text.Append("# SegGen vs PyTorch benchmark\n\n");
        text.Append("Written by `bench/run`; everything above \"Notes\" is replaced on each run.\n\n");
        text.Append($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n");
        text.Append($"- machine: {Environment.ProcessorCount} cores (nproc), {Machine.CpuModel}; 1-min load average at start {run.LoadAverageAtStart}\n");
        text.Append($"- libtorch: {run.LibTorchVersion} (SegGen shim); Python torch reports {run.PyTorchVersion} (same system .so files)\n");
        text.Append($"- threads: {o.Threads} on both sides; SegGen keeps freed memory (`keep_freed_memory()`, as its CLI), PyTorch's allocator as it comes\n");
        text.Append($"- rounds: {o.Rounds} per case, each side ≈{o.RoundTime.TotalMilliseconds:0} ms per round, alternating, " +
                    $"after {o.WarmUpTime.TotalMilliseconds:0} ms warm-up per side; times are medians over rounds per iteration; ratio = median over rounds of SegGen / PyTorch in the same round\n");
        text.Append($"- model rows: {o.HeavyRounds} rounds of one iteration per side (the order of the sides rotating), after at least one warm-up iteration each (training rows: two)\n");
        text.Append($"- peak RSS (VmHWM) at the end: SegGen driver {Mebibytes(segGenPeakRssKiB)}, PyTorch worker {Mebibytes(pyTorchPeakRssKiB)}\n\n");
        var micro = results.Where(r => r.Case.Model is null).ToList();
        if (micro.Count > 0) text.Append(Table.Render(micro));
        var models = results.Where(r => r.Case.Model is not null).ToList();
        if (models.Count > 0)
        {
            text.Append("\n## Models\n\n");
            text.Append("Same weights on both sides (SegGen's, loaded into the PyTorch twin by state-dict name); ratios are SegGen / that PyTorch side. ");
            text.Append("Peak memory per side: VmHWM after its warm-up (training: two steps) minus its resident set before it was built (see Notes). ");
            text.Append("Max abs diff: eval outputs on the row's input before any timed step, and the largest output for scale.\n\n");
            text.Append(ModelTable.Render(models));
        }
        if (generator.Count > 0)
        {
            text.Append("\n## Generator cost\n\n");
            text.Append($"The zoo (Architectures/Models), each model checked against the others as a build does; medians over the rounds, in this process, after {GeneratorCost.WarmUpRounds} rounds over the whole zoo (a build server runs the generator warm).\n\n");
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

    private static string Scientific(double value) => value.ToString("0.0e+0", CultureInfo.InvariantCulture);

    private static string Quartiles(OpponentResult o) => $"{Number(o.RatioLowQuartile)}–{Number(o.RatioHighQuartile)}";

    private static string RatioWithQuartiles(OpponentResult o) => $"{Number(o.Ratio)} ({Quartiles(o)})";

    /// <summary>The cell of PyTorch side <paramref name="index"/>, or a dash when the row has no such side.</summary>
    private static string Side(CaseResult c, int index, Func<OpponentResult, string> cell) => index < c.Opponents.Count ? cell(c.Opponents[index]) : Missing;

    /// <summary>
    /// Whole MiB, with a decimal below 10 MiB: the memory column compares KiB, and a small row's two sides can differ by
    /// less than a MiB (narrow10's 2 MiB each).
    /// </summary>
    private static string Mebibytes(long kib) => (kib / 1024.0).ToString(kib < 10 * 1024 ? "0.0" : "0", CultureInfo.InvariantCulture) + " MiB";
}
