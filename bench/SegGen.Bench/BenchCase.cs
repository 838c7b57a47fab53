using System;
using System.Globalization;

namespace SegGen.Bench;

/// <summary>
/// One row of the table: the same work done by SegGen in this process and by PyTorch in the worker,
/// where the case of the same <see cref="Name"/> in bench/pytorch_worker.py is its PyTorch side.
/// </summary>
/// <param name="Name">Key shared with the worker's CASES.</param>
/// <param name="Description">What the row measures, as shown in the table.</param>
/// <param name="Unit">How a time per iteration is shown.</param>
/// <param name="Target">The SegGen/PyTorch ratio the row must reach.</param>
/// <param name="Prepare">Creates the inputs and returns the timed step; called once per run.</param>
internal sealed record BenchCase(string Name, string Description, TimeUnit Unit, RatioTarget Target, Func<SegGenWork> Prepare);

/// <summary>SegGen's side of a case: <see cref="Step"/> is timed; disposing frees what the step works on.</summary>
internal sealed class SegGenWork(Action step, params IDisposable[] owned) : IDisposable
{
    public void Run(long iterations)
    {
        for (var i = 0L; i < iterations; i++) step();
    }

    public void Dispose()
    {
        foreach (var resource in owned) resource.Dispose();
    }
}

/// <summary>A display unit for times measured in nanoseconds per iteration.</summary>
internal sealed record TimeUnit(string Symbol, double Nanoseconds)
{
    public static readonly TimeUnit Microseconds = new("µs", 1e3);
    public static readonly TimeUnit Milliseconds = new("ms", 1e6);

    public string Format(double nanoseconds) => (nanoseconds / Nanoseconds).ToString("0.000", CultureInfo.InvariantCulture) + " " + Symbol;
}

/// <summary>The range the SegGen/PyTorch time ratio must fall in.</summary>
internal sealed record RatioTarget(double Low, double High)
{
    public static RatioTarget AtMost(double high) => new(0, high);

    public static RatioTarget Within(double tolerance) => new(1 - tolerance, 1 + tolerance);

    public bool IsMetBy(double ratio) => ratio >= Low && ratio <= High;

    public override string ToString() => Low == 0
        ? $"≤ {High.ToString("0.00", CultureInfo.InvariantCulture)}×"
        : $"{Low.ToString("0.00", CultureInfo.InvariantCulture)}–{High.ToString("0.00", CultureInfo.InvariantCulture)}×";
}
