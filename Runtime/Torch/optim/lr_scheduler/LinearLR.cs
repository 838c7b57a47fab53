using System;

namespace SegGen.Torch.Optim;

/// <summary>
/// Scales each group's lr by a factor going linearly from <see cref="start_factor"/> to
/// <see cref="end_factor"/> over <see cref="total_iters"/> epochs: a warm-up with the defaults
/// (PyTorch's <c>LinearLR</c>).
/// </summary>
public sealed class LinearLR : ChainableLRScheduler
{
    internal LinearLR(Optimizer optimizer, double start_factor, double end_factor, int total_iters) : base(optimizer)
    {
        // Stricter than PyTorch 1.13 at 0, where its recursive form divides by zero at epoch 1.
        if (!(start_factor > 0 && start_factor <= 1))
        {
            throw new ArgumentException($"Starting multiplicative factor expected to be greater than 0 and less or equal to 1, not {start_factor}", nameof(start_factor));
        }
        if (!(end_factor >= 0 && end_factor <= 1))
        {
            throw new ArgumentException($"Ending multiplicative factor expected to be between 0 and 1, not {end_factor}", nameof(end_factor));
        }
        if (total_iters < 1) throw new ArgumentException($"total_iters must be at least 1, not {total_iters}", nameof(total_iters));
        this.start_factor = start_factor;
        this.end_factor = end_factor;
        this.total_iters = total_iters;
        Start();
    }

    public double start_factor { get; }

    public double end_factor { get; }

    public int total_iters { get; }

    private protected override double ChainedLr(double lr, double base_lr)
    {
        if (last_epoch == 0) return lr * start_factor;
        if (last_epoch > total_iters) return lr;
        return lr * (1.0 + (end_factor - start_factor) / (total_iters * start_factor + (last_epoch - 1) * (end_factor - start_factor)));
    }

    private protected override double ClosedFormLr(double base_lr) =>
        base_lr * (start_factor + (end_factor - start_factor) * Math.Min(total_iters, last_epoch) / total_iters);
}
