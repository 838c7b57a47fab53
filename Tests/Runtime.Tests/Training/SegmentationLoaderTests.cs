using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SegGen.Data;
using SegGen.Data.Files;
using SegGen.Data.Transforms;
using SegGen.Training;
using Xunit;

namespace SegGen.Runtime.Tests.Training;

/// <summary>The background loader: batches fixed by the seed whatever the thread timing, bounded prefetch, errors at the consumer, clean stops.</summary>
public class SegmentationLoaderTests
{
    /// <summary>
    /// Sample i is <c>Side</c>×<c>Side</c> (or <c>sizeOf(i)</c>) with every image value i / 100 and every label i % 3;
    /// reading it takes <c>delay(i)</c> ms; sample <c>failing</c> is a corrupt file, <c>badLabels</c> a mask with value 9.
    /// </summary>
    private sealed class ProbeDataSet(int count, Func<int, int>? delay = null, int failing = -1, int badLabels = -1, Func<int, int>? sizeOf = null)
        : ISegmentationDataSet
    {
        public const int Side = 6;
        private int loads;

        public int Loads => Volatile.Read(ref loads);

        public int Count => count;

        public IReadOnlyList<string> ClassNames => ["zero", "one", "two"];

        public SegmentationSample this[int index]
        {
            get
            {
                Interlocked.Increment(ref loads);
                Thread.Sleep(delay?.Invoke(index) ?? 0);
                if (index == failing) throw new InvalidDataException($"/data/{index}.png: not a PNG or JPEG image (it starts with 00000000)");
                if (index == badLabels) throw new LabelOutOfRangeException($"/data/{index}.png: label value 9 at row 0, column 0 is outside the classes (valid: 0–2)");
                var side = sizeOf?.Invoke(index) ?? Side;
                return new SegmentationSample(side, side, Enumerable.Repeat(index / 100f, 3 * side * side).ToArray(), Enumerable.Repeat((long)(index % 3), side * side).ToArray());
            }
        }

        public long[] Mask(int index) => this[index].Mask;
    }

    /// <summary>Each batch's images and masks as arrays, in the order the loader gave them.</summary>
    private static List<(float[] Images, long[] Masks)> Contents(SegmentationLoader loader, int epoch) =>
        loader.Epoch(epoch).Select(batch =>
        {
            using (batch) return (batch.Images.ToArray<float>(), batch.Masks.ToArray<long>());
        }).ToList();

    [Fact]
    public void BatchContentsDependOnTheSeedAloneWhateverTheThreadTiming()
    {
        // Early samples are the slowest, so with several workers later batches are ready first.
        var options = new LoaderOptions
        {
            BatchSize = 3, Shuffle = true, Seed = 4,
            Transform = new Compose([new RandomCrop(4, 4), new HorizontalFlip(), new ColorJitter(0.2f, 0.2f, 0.2f)]),
        };
        var slowFirst = new ProbeDataSet(20, delay: i => 20 - i);

        var parallel = Contents(new SegmentationLoader(slowFirst, options with { Workers = 4, Prefetch = 4 }), epoch: 1);
        var serial = Contents(new SegmentationLoader(new ProbeDataSet(20), options with { Workers = 1, Prefetch = 1 }), epoch: 1);

        Assert.Equal(7, parallel.Count);
        Assert.Equal(serial.Select(b => b.Images), parallel.Select(b => b.Images));
        Assert.Equal(serial.Select(b => b.Masks), parallel.Select(b => b.Masks));
        Assert.NotEqual(serial.Select(b => b.Images), Contents(new SegmentationLoader(new ProbeDataSet(20), options), epoch: 2).Select(b => b.Images));
    }

    [Fact]
    public void WithoutShufflingBatchesHoldTheSamplesInOrderAndTheLastIsSmaller()
    {
        var batches = Contents(new SegmentationLoader(new ProbeDataSet(5, delay: i => 5 - i), new LoaderOptions { BatchSize = 2, Workers = 3 }), epoch: 0);
        var plane = 3 * ProbeDataSet.Side * ProbeDataSet.Side;
        var samples = batches.SelectMany(b => b.Images.Chunk(plane).Select(image => (int)Math.Round(image[0] * 100))).ToList();
        Assert.Equal([0, 1, 2, 3, 4], samples);
        Assert.Equal(plane, batches[^1].Images.Length);
    }

    [Fact]
    public void ItReadsAtMostThePrefetchedBatchesAheadOfTheConsumer()
    {
        var data = new ProbeDataSet(40);
        var loader = new SegmentationLoader(data, new LoaderOptions { BatchSize = 2, Workers = 2, Prefetch = 3 });
        using var batches = loader.Epoch(0).GetEnumerator();

        Assert.True(batches.MoveNext());
        batches.Current.Dispose();
        Thread.Sleep(300); // time enough to read everything, were it not bounded
        // The batch taken and at most three more.
        Assert.InRange(data.Loads, 2, 2 * (1 + 3));
    }

    [Fact]
    public void StoppingEarlyStopsTheWorkers()
    {
        var data = new ProbeDataSet(200, delay: _ => 2);
        var loader = new SegmentationLoader(data, new LoaderOptions { BatchSize = 2, Workers = 2, Prefetch = 2 });
        foreach (var batch in loader.Epoch(0))
        {
            batch.Dispose();
            break;
        }
        var loads = data.Loads;
        Thread.Sleep(200);
        Assert.Equal(loads, data.Loads);
        Assert.InRange(loads, 2, 2 * 3);
    }

    [Fact]
    public void AReadErrorReachesTheConsumerAtItsBatchAsTheOneLineErrorNamingTheFile()
    {
        var loader = new SegmentationLoader(new ProbeDataSet(10, failing: 5), new LoaderOptions { BatchSize = 2, Workers = 3 });
        var delivered = 0;
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var batch in loader.Epoch(0))
            {
                batch.Dispose();
                delivered++;
            }
        });
        Assert.Equal(2, delivered);
        Assert.Equal("/data/5.png: not a PNG or JPEG image (it starts with 00000000)", error.Message);
    }

    [Fact]
    public void BadLabelsFailByDefault()
    {
        var loader = new SegmentationLoader(new ProbeDataSet(4, badLabels: 1), new LoaderOptions { BatchSize = 2 });
        var error = Assert.Throws<LabelOutOfRangeException>(() => Contents(loader, 0));
        Assert.StartsWith("/data/1.png: label value 9", error.Message);
    }

    [Fact]
    public void WithSkipASampleWithBadLabelsIsLeftOutAndReported()
    {
        var loader = new SegmentationLoader(new ProbeDataSet(4, badLabels: 1), new LoaderOptions { BatchSize = 2, BadLabels = BadLabelPolicy.Skip });
        var skipped = new List<string>();
        loader.SampleSkipped += skipped.Add;

        var batches = Contents(loader, 0);
        Assert.Equal([ProbeDataSet.Side * ProbeDataSet.Side, 2 * ProbeDataSet.Side * ProbeDataSet.Side], batches.Select(b => b.Masks.Length));
        Assert.Equal(["/data/1.png: label value 9 at row 0, column 0 is outside the classes (valid: 0–2)"], skipped);
    }

    [Fact]
    public void SamplesOfDifferentSizesArePaddedWithIgnoredLabelsToTheRequestedSize()
    {
        var loader = new SegmentationLoader(new ProbeDataSet(2, sizeOf: i => 3 + 2 * i), new LoaderOptions
        {
            BatchSize = 2,
            PadTo = (h, w) => ((h + 3) / 4 * 4, (w + 3) / 4 * 4),
        });
        using var batch = loader.Epoch(0).Single();

        Assert.Equal([2L, 3, 8, 8], batch.Images.shape);
        var masks = batch.Masks.ToArray<long>();
        Assert.Equal(0, masks[2 * 8 + 2]);
        Assert.Equal(ISegmentationDataSet.IgnoreLabel, masks[3 * 8 + 3]);
        Assert.Equal(1, masks[64 + 4 * 8 + 4]);
        Assert.Equal(ISegmentationDataSet.IgnoreLabel, masks[64 + 5 * 8]);
    }
}
