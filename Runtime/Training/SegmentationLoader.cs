using System;
using System.Collections.Generic;
using System.Linq;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Data.Synthetic;
using SegGen.Data.Transforms;

namespace SegGen.Training;

/// <summary>What the loader does with a sample whose mask holds a value outside the classes.</summary>
public enum BadLabelPolicy
{
    /// <summary>Stop with the error (file, value, pixel).</summary>
    Fail,
    /// <summary>Leave the sample out of its batch and report it through <see cref="SegmentationLoader.SampleSkipped"/>.</summary>
    Skip,
}

/// <summary>How a <see cref="SegmentationLoader"/> batches a data set.</summary>
public sealed record LoaderOptions
{
    public int BatchSize { get; init; } = 8;

    /// <summary>Shuffle every epoch (training); without it the order is 0, 1, 2… (evaluation).</summary>
    public bool Shuffle { get; init; }

    /// <summary>Fixes the shuffled order of every epoch and every augmentation draw.</summary>
    public long Seed { get; init; }

    /// <summary>Applied to every sample before batching (augmentation, normalisation), or null.</summary>
    public ISampleTransform? Transform { get; init; }

    /// <summary>Threads that read and transform samples.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Batches made ahead of the consumer, at most (memory bound).</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>
    /// The size a batch whose largest sample is H×W is padded to (bottom and right, mask = ignore), e.g. the
    /// smallest size a model's contract accepts; null pads only to the largest sample.
    /// </summary>
    public Func<int, int, (int Height, int Width)>? PadTo { get; init; }

    public BadLabelPolicy BadLabels { get; init; } = BadLabelPolicy.Fail;
}

/// <summary>
/// Batches of a data set, read and augmented on background threads with bounded prefetch. A batch's contents
/// depend only on the seed, the epoch and its position — the order is shuffled by (seed, epoch) and each
/// sample's augmentation draws from (seed, epoch, sample index) — never on thread timing, so a run is
/// reproducible and resumes exactly. Samples of different sizes are padded to a common size. The first
/// error reading a sample (whose message names the file) ends the epoch for the consumer.
/// </summary>
public sealed class SegmentationLoader : IBatchSource
{
    private const ulong ShuffleStream = 0x5348_5546_464C_45UL;
    private readonly ISegmentationDataSet data;
    private readonly LoaderOptions options;

    public SegmentationLoader(ISegmentationDataSet data, LoaderOptions options)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1");
        if (options.Workers < 1 || options.Prefetch < 1) throw new ArgumentOutOfRangeException(nameof(options), "Workers and Prefetch must be at least 1");
        (this.data, this.options) = (data, options);
    }

    /// <summary>A sample left out under <see cref="BadLabelPolicy.Skip"/>: the error's one line. Raised on the consumer's thread.</summary>
    public event Action<string>? SampleSkipped;

    public int BatchesPerEpoch => (data.Count + options.BatchSize - 1) / options.BatchSize;

    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Order(epoch);
        var plan = Enumerable.Range(0, BatchesPerEpoch).Select(b => order.Skip(b * options.BatchSize).Take(options.BatchSize).ToArray()).ToArray();
        using var prefetcher = new Prefetcher<Assembled>(plan.Length, b => Assemble(epoch, plan[b]), options.Workers, options.Prefetch);
        for (var b = 0; b < plan.Length; b++)
        {
            var assembled = prefetcher.Take(b);
            foreach (var skipped in assembled.Skipped) SampleSkipped?.Invoke(skipped);
            if (assembled.Samples.Count == 0) continue;
            var (images, masks) = SegmentationSample.Stack(assembled.Samples);
            yield return new Batch(images, masks);
        }
    }

    /// <summary>The samples of one batch, transformed and padded to one size, and the messages of those skipped.</summary>
    private sealed record Assembled(IReadOnlyList<SegmentationSample> Samples, IReadOnlyList<string> Skipped);

    private Assembled Assemble(int epoch, int[] indexes)
    {
        var samples = new List<SegmentationSample>(indexes.Length);
        var skipped = new List<string>();
        foreach (var index in indexes)
        {
            try
            {
                var sample = data[index];
                samples.Add(options.Transform?.Apply(sample, SampleRandom.For(options.Seed, epoch, index)) ?? sample);
            }
            catch (LabelOutOfRangeException e) when (options.BadLabels == BadLabelPolicy.Skip)
            {
                skipped.Add(e.Message);
            }
        }
        return new Assembled(samples.Count == 0 ? samples : PadToOneSize(samples, options.PadTo), skipped);
    }

    /// <summary>The samples padded to the size of the largest, then to <paramref name="padTo"/>'s size for it, ready to stack.</summary>
    public static IReadOnlyList<SegmentationSample> PadToOneSize(IReadOnlyList<SegmentationSample> samples, Func<int, int, (int Height, int Width)>? padTo)
    {
        var (height, width) = (samples.Max(s => s.Height), samples.Max(s => s.Width));
        if (padTo is not null) (height, width) = padTo(height, width);
        return samples.Select(s => s.PadTo(height, width)).ToList();
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, data.Count).ToArray();
        if (!options.Shuffle) return order;
        // Fisher–Yates with SegGen's own generator: System.Random's sequence is not guaranteed across .NET versions.
        var random = SplitMix64.For(unchecked((ulong)options.Seed), ShuffleStream, (ulong)epoch);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
