using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>
/// The measured times of one case: medians over rounds in nanoseconds per iteration, and for each PyTorch
/// side the quartiles of the rounds' SegGen/PyTorch ratios. Each round's sides ran back to back, so its
/// ratio is steadier than the times when other work on the machine comes and goes. A model row also has
/// each side's peak memory (see <see cref="CaseRunner"/>).
/// </summary>
internal sealed record CaseResult(BenchCase Case, double SegGenNs, long? SegGenPeakKiB, IReadOnlyList<OpponentResult> Opponents, int Rounds)
{
    public bool TargetMet => Opponents.All(o => o.TargetMet);
}

/// <param name="Build">How the worker built a model row's module (eager, script or trace).</param>
/// <param name="Agreement">How far the eval outputs on the row's input are apart, before any timed step.</param>
internal sealed record OpponentResult(Opponent Opponent, double PyTorchNs, double RatioLowQuartile, double Ratio, double RatioHighQuartile,
    long? PeakKiB, string? Build, OutputAgreement? Agreement)
{
    public bool TargetMet => Opponent.Target.IsMetBy(Ratio);
}

/// <summary>The largest |SegGen − PyTorch| over a model row's eval output, and the largest |PyTorch| for scale.</summary>
internal sealed record OutputAgreement(double MaxAbsDifference, double MaxAbsOutput);

/// <summary>
/// Times a case on every side in the same run: warm-up of each, then rounds that run SegGen (in process)
/// and each PyTorch side (the worker) back to back, the first side rotating every round so none always
/// runs right after another's threads were busy.
/// <para>
/// Peak memory of a model row, per side: the process's VmHWM after that side's warm-up (a training row's
/// is two steps: the first makes the optimizer's state, so only from the second on does a step run with
/// gradients and momentum held throughout, as every later step does) minus its resident set before the
/// side was prepared. Freed heap is trimmed and VmHWM restarted (<c>/proc/self/clear_refs</c>)
/// before the preparation and again after it, so the peak counts what stays resident (weights, optimizer
/// state) plus the largest working set of at least one step, but neither memory left over from earlier
/// rows nor the transient copies made while loading weights. Each PyTorch side is prepared and warmed up
/// before the next is built, so one side's peak never includes another's.
/// </para>
/// </summary>
internal sealed class CaseRunner(PyTorchWorker worker, BenchOptions options)
{
    /// <summary>Runs <c>iterations</c> steps of one side; returns nanoseconds per iteration.</summary>
    private delegate double Side(long iterations);

    private sealed record Prepared(Side Run, long? PeakKiB, string? Build, OutputAgreement? Agreement);

    public CaseResult Run(BenchCase benchCase)
    {
        var model = benchCase.Model;
        var baseline = StartPeak();
        using var work = benchCase.Prepare();
        var segGenOutput = model is null ? null : SaveOutput(work);
        Side segGenSide = iterations => TimeInProcess(work, iterations);
        StartPeak();
        var estimate = WarmUp(segGenSide, benchCase.WarmUpSteps);
        long? segGenPeak = model is null ? null : Machine.PeakRssKiB - baseline;

        try
        {
            var opponents = benchCase.Opponents.Select(o => PrepareOpponent(o, benchCase, work, segGenOutput)).ToList();
            // Every side runs the same number of iterations, sized from SegGen's warm-up speed; a case whose one
            // iteration outlasts a round (the zoo models) runs --heavy-rounds rounds of one iteration.
            var iterationsPerRound = Math.Max(1, (long)(options.RoundTime.TotalNanoseconds / estimate));
            var rounds = estimate > options.RoundTime.TotalNanoseconds ? options.HeavyRounds : options.Rounds;
            var sides = opponents.Select(o => o.Run).Prepend(segGenSide).ToArray();
            var times = sides.Select(_ => new double[rounds]).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < sides.Length; k++)
                {
                    var side = (round + k) % sides.Length;
                    times[side][round] = sides[side](iterationsPerRound);
                }
            }

            var results = opponents.Select((o, i) =>
            {
                var ratios = times[0].Zip(times[i + 1], (s, p) => s / p).ToArray();
                return new OpponentResult(benchCase.Opponents[i], Quantile(times[i + 1], 0.5),
                    Quantile(ratios, 0.25), Quantile(ratios, 0.5), Quantile(ratios, 0.75), o.PeakKiB, o.Build, o.Agreement);
            }).ToList();
            return new CaseResult(benchCase, Quantile(times[0], 0.5), segGenPeak, results, rounds);
        }
        finally
        {
            if (segGenOutput is not null) File.Delete(segGenOutput);
            if (model is not null)
            {
                foreach (var opponent in benchCase.Opponents) worker.Release(opponent.WorkerName);
            }
        }
    }

    /// <summary>Readies one PyTorch side; for a model row also its peak memory and how far its output is from SegGen's.</summary>
    private Prepared PrepareOpponent(Opponent opponent, BenchCase benchCase, SegGenWork work, string? segGenOutput)
    {
        var model = benchCase.Model;
        Side side = iterations => worker.Run(opponent.WorkerName, iterations);
        if (model is null)
        {
            WarmUp(side, benchCase.WarmUpSteps);
            return new Prepared(side, null, null, null);
        }

        var output = Path.ChangeExtension(segGenOutput!, opponent.Mode + ".safetensors");
        try
        {
            var build = worker.Prepare(opponent, model, work.ReferenceFile!, output);
            var difference = Compare(segGenOutput!, output);
            WarmUp(side, benchCase.WarmUpSteps);
            return new Prepared(side, worker.PeakSincePrepareKiB(opponent.WorkerName), build, difference);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Trims the heap and restarts VmHWM; returns the resident set then.</summary>
    private static long StartPeak()
    {
        Machine.ResetPeak();
        return Machine.ResidentKiB;
    }

    /// <summary>Writes SegGen's eval output (before any timed step) next to the reference file; returns the path.</summary>
    private static string SaveOutput(SegGenWork work)
    {
        var path = Path.ChangeExtension(work.ReferenceFile!, "seggen.safetensors");
        using var output = work.EvalOutput!();
        Safetensors.Save(path, [new("output", output)]);
        return path;
    }

    private static OutputAgreement Compare(string segGenOutput, string pyTorchOutput)
    {
        using var scope = NewDisposeScope();
        var (ours, theirs) = (Safetensors.Load(segGenOutput)["output"], Safetensors.Load(pyTorchOutput)["output"]);
        if (!ours.shape.SequenceEqual(theirs.shape))
        {
            throw new InvalidOperationException($"outputs differ in shape: SegGen [{string.Join(", ", ours.shape)}], PyTorch [{string.Join(", ", theirs.shape)}]");
        }
        return new OutputAgreement((ours - theirs).abs().max().item<float>(), theirs.abs().max().item<float>());
    }

    private static double TimeInProcess(SegGenWork work, long iterations)
    {
        var start = Stopwatch.GetTimestamp();
        work.Run(iterations);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
    }

    /// <summary>
    /// Runs a side, doubling the iterations up to a quarter round, until the warm-up time is spent
    /// (JIT tiers, allocator pools and libtorch's thread pool settle) and at least <paramref name="steps"/>
    /// iterations have run; returns the last time per iteration.
    /// </summary>
    private double WarmUp(Side side, int steps)
    {
        var (iterations, spent, done) = (1L, 0.0, 0L);
        while (true)
        {
            var perIteration = side(iterations);
            spent += perIteration * iterations;
            done += iterations;
            if (spent >= options.WarmUpTime.TotalNanoseconds && done >= steps) return perIteration;
            if (perIteration * iterations < options.RoundTime.TotalNanoseconds / 4) iterations *= 2;
        }
    }

    /// <summary>The <paramref name="q"/>-quantile, interpolating between the two nearest values.</summary>
    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
