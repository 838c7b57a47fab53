using System;
using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Training;

/// <summary>Images [N, 3, H, W] (float32) and their label masks [N, H, W] (int64); disposing it frees both.</summary>
public sealed record Batch(Tensor Images, Tensor Masks) : IDisposable
{
    public void Dispose()
    {
        Images.Dispose();
        Masks.Dispose();
    }
}

/// <summary>Where training and evaluation batches come from. An epoch's batches depend only on the epoch number, so runs are reproducible and resumable.</summary>
public interface IBatchSource
{
    int BatchesPerEpoch { get; }

    /// <summary>The batches of <paramref name="epoch"/> (0-based), in order; the consumer disposes each.</summary>
    IEnumerable<Batch> Epoch(int epoch);
}
