using System;
using System.Collections.Generic;
using System.Linq;
using SegGen.Data.Synthetic;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>
/// Batches of a data set of <paramref name="count"/> samples, in an order that depends only on the seed and
/// the epoch (so a resumed run sees the same batches). Without shuffling (evaluation) the order is 0, 1, 2….
/// The last, smaller batch is kept.
/// </summary>
public sealed class ShuffledBatches(int count, int batchSize, Func<IReadOnlyList<int>, (Tensor Images, Tensor Masks)> load, bool shuffle, long seed)
    : IBatchSource
{
    public int BatchesPerEpoch => (count + batchSize - 1) / batchSize;

    public IEnumerable<Batch> Epoch(int epoch)
    {
        var order = Order(epoch);
        for (var start = 0; start < count; start += batchSize)
        {
            var (images, masks) = load(order.Skip(start).Take(batchSize).ToList());
            yield return new Batch(images, masks);
        }
    }

    private int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (!shuffle) return order;
        // Fisher–Yates with the data set's own generator: System.Random's sequence is not guaranteed across .NET versions.
        var random = SplitMix64.For(unchecked((ulong)seed), 0x5348_5546_464C_45UL, (ulong)epoch);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
