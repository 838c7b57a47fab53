using System;
using System.Collections.Generic;
using System.Globalization;
using static SegGen.Torch.torch;

namespace SegGen.Bench;

/// <summary>
/// One row of a table: the same work done by SegGen in this process and by PyTorch in the worker, once
/// per <see cref="Opponents"/> entry (eager, and for inference rows also TorchScript).
/// </summary>
/// <param name="Name">Key of the row; for a micro case also the name of its statement in bench/pytorch_worker.py's CASES.</param>
/// <param name="Description">What the row measures, as shown in the table.</param>
/// <param name="Unit">How a time per iteration is shown.</param>
/// <param name="Opponents">PyTorch's sides, each with the ratio SegGen must reach against it.</param>
/// <param name="Prepare">Creates the model or inputs and returns the timed step; called once per run.</param>
/// <param name="Model">For a model row: what the worker builds from the weights SegGen wrote; null for a micro case.</param>
/// <param name="WarmUpSteps">Iterations each side runs at least before it is timed and its peak memory read.</param>
internal sealed record BenchCase(string Name, string Description, TimeUnit Unit, IReadOnlyList<Opponent> Opponents,
    Func<SegGenWork> Prepare, ModelSpec? Model = null, int WarmUpSteps = 1);

/// <summary>
/// One PyTorch side of a case: how the table labels it, its name in the worker, SegGen's target against
/// it, and for a model row what one iteration is in the worker (<c>train</c>: forward, cross-entropy,
/// backward, SGD step; <c>eager</c> or <c>script</c>: a no-grad eval forward of the module or of its
/// frozen, optimised TorchScript).
/// </summary>
internal sealed record Opponent(string Label, string WorkerName, RatioTarget Target, string? Mode = null);

/// <summary>A zoo (or bench) model as both sides build it: <see cref="Model"/> is a key of the worker's NETS and a generated class here.</summary>
internal sealed record ModelSpec(string Model, long Classes, long Width, long[] Shape)
{
    public string ShapeText => string.Join("×", Shape);
}

/// <summary>
/// SegGen's side of a case: <see cref="Step"/> is timed; disposing frees what the step works on. A model
/// row also has the file its weights and input were written to for the worker, and its eval output on
/// that input, to check that both sides compute the same thing.
/// </summary>
internal sealed class SegGenWork(Action step, params IDisposable[] owned) : IDisposable
{
    public string? ReferenceFile { get; init; }

    public Func<Tensor>? EvalOutput { get; init; }

    public void Run(long iterations)
    {
        for (var i = 0L; i < iterations; i++) step();
    }

    public void Dispose()
    {
        foreach (var resource in owned) resource.Dispose();
        if (ReferenceFile is not null) System.IO.File.Delete(ReferenceFile);
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
