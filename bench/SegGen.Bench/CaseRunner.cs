using System;
using System.Diagnostics;
using System.Linq;

namespace SegGen.Bench;

/// <summary>
/// The measured times of one case: medians over rounds in nanoseconds per iteration, and quartiles of
/// the rounds' SegGen/PyTorch ratios. Each round's two sides ran back to back, so its ratio is
/// steadier than the times when other work on the machine comes and goes.
/// </summary>
internal sealed record CaseResult(BenchCase Case, double SegGenNs, double PyTorchNs, double RatioLowQuartile, double Ratio, double RatioHighQuartile)
{
    public bool TargetMet => Case.Target.IsMetBy(Ratio);
}

/// <summary>
/// Times a case on both sides in the same run: warm-up of each, then rounds that alternate SegGen
/// (in process) and PyTorch (the worker), the first side swapping every round so neither always
/// runs right after the other's threads were busy.
/// </summary>
internal sealed class CaseRunner(PyTorchWorker worker, BenchOptions options)
{
    /// <summary>Runs <c>iterations</c> steps of one side; returns nanoseconds per iteration.</summary>
    private delegate double Side(long iterations);

    public CaseResult Run(BenchCase benchCase)
    {
        using var work = benchCase.Prepare();
        Side segGen = iterations => TimeInProcess(work, iterations);
        Side pyTorch = iterations => worker.Run(benchCase.Name, iterations);

        var estimate = WarmUp(segGen);
        WarmUp(pyTorch);
        // Both sides run the same number of iterations, sized from SegGen's warm-up speed.
        var iterationsPerRound = Math.Max(1, (long)(options.RoundTime.TotalNanoseconds / estimate));

        var segGenTimes = new double[options.Rounds];
        var pyTorchTimes = new double[options.Rounds];
        for (var round = 0; round < options.Rounds; round++)
        {
            if (round % 2 == 0) segGenTimes[round] = segGen(iterationsPerRound);
            pyTorchTimes[round] = pyTorch(iterationsPerRound);
            if (round % 2 == 1) segGenTimes[round] = segGen(iterationsPerRound);
        }

        var ratios = segGenTimes.Zip(pyTorchTimes, (s, p) => s / p).ToArray();
        return new CaseResult(benchCase, Quantile(segGenTimes, 0.5), Quantile(pyTorchTimes, 0.5),
            Quantile(ratios, 0.25), Quantile(ratios, 0.5), Quantile(ratios, 0.75));
    }

    private static double TimeInProcess(SegGenWork work, long iterations)
    {
        var start = Stopwatch.GetTimestamp();
        work.Run(iterations);
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
    }

    /// <summary>
    /// Runs a side, doubling the iterations up to a quarter round, until the warm-up time is spent
    /// (JIT tiers, allocator pools and libtorch's thread pool settle); returns the last time per iteration.
    /// </summary>
    private double WarmUp(Side side)
    {
        var (iterations, spent) = (1L, 0.0);
        while (true)
        {
            var perIteration = side(iterations);
            spent += perIteration * iterations;
            if (spent >= options.WarmUpTime.TotalNanoseconds) return perIteration;
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
