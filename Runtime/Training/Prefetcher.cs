using System;
using System.Threading;
using System.Threading.Tasks;

namespace SegGen.Training;

/// <summary>
/// Makes items 0 … count − 1 on background threads, at most <c>capacity</c> ahead of the consumer, who takes
/// them in order. An item's failure reaches the consumer when it takes that item, as the original exception.
/// Disposing stops the workers (each finishes the item in hand) and waits for them.
/// </summary>
internal sealed class Prefetcher<T> : IDisposable
{
    private readonly Func<int, T> produce;
    private readonly TaskCompletionSource<T>[] items;
    private readonly SemaphoreSlim window;
    private readonly CancellationTokenSource stop = new();
    private readonly Thread[] workers;
    private int claimed = -1;

    public Prefetcher(int count, Func<int, T> produce, int workers, int capacity)
    {
        if (workers < 1 || capacity < 1) throw new ArgumentOutOfRangeException(nameof(workers), "a prefetcher needs at least one worker and one slot");
        this.produce = produce;
        items = new TaskCompletionSource<T>[count];
        for (var i = 0; i < count; i++) items[i] = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        window = new SemaphoreSlim(capacity);
        this.workers = new Thread[Math.Min(workers, capacity)];
        for (var w = 0; w < this.workers.Length; w++)
        {
            this.workers[w] = new Thread(Work) { IsBackground = true, Name = $"seggen-loader-{w}" };
            this.workers[w].Start();
        }
    }

    /// <summary>Item <paramref name="index"/>, waiting for it if need be; items must be taken in order, each once.</summary>
    public T Take(int index)
    {
        try
        {
            return items[index].Task.GetAwaiter().GetResult();
        }
        finally
        {
            window.Release();
        }
    }

    private void Work()
    {
        while (true)
        {
            try
            {
                window.Wait(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // Items are claimed in increasing order, so the item the consumer waits for is always claimed first.
            var index = Interlocked.Increment(ref claimed);
            if (index >= items.Length || stop.IsCancellationRequested) return;
            try
            {
                items[index].SetResult(produce(index));
            }
            catch (Exception e)
            {
                items[index].SetException(e);
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        foreach (var worker in workers) worker.Join();
        stop.Dispose();
        window.Dispose();
    }
}
