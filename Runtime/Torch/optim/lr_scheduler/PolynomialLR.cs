using System;

namespace SegGen.Torch.Optim;

/// <summary>
/// DeepLab's "poly" schedule, <c>lr = base_lr · (1 − epoch / total_iters)^power</c>, reaching 0 at
/// <see cref="total_iters"/> and staying there (PyTorch's <c>PolynomialLR</c>).
/// </summary>
/// <remarks>
/// PyTorch computes it recursively, multiplying the current lr by
/// <c>((1 − e/T) / (1 − (e−1)/T))^power</c> each step. That product drifts from the closed form by
/// an ulp or so (about 1e-18 on an lr of 1e-2 over 30 steps with power 0.9), and it composes with any
/// other change made to the lr. By default this class follows PyTorch bit for bit; with
/// <see cref="closed_form"/> it computes DeepLab's formula directly from the initial lr at every step.
/// </remarks>
public sealed class PolynomialLR : ChainableLRScheduler
{
    internal PolynomialLR(Optimizer optimizer, int total_iters, double power, bool closed_form) : base(optimizer)
    {
        if (total_iters < 1) throw new ArgumentException($"total_iters must be at least 1, not {total_iters}", nameof(total_iters));
        this.total_iters = total_iters;
        this.power = power;
        this.closed_form = closed_form;
        Start();
    }

    public int total_iters { get; }

    public double power { get; }

    /// <summary>Every step uses the closed form rather than PyTorch's recursive one.</summary>
    public bool closed_form { get; }

    private protected override double ChainedLr(double lr, double base_lr)
    {
        if (closed_form) return ClosedFormLr(base_lr);
        if (last_epoch == 0 || last_epoch > total_iters) return lr;
        var decay_factor = Math.Pow((1.0 - (double)last_epoch / total_iters) / (1.0 - (double)(last_epoch - 1) / total_iters), power);
        return lr * decay_factor;
    }

    private protected override double ClosedFormLr(double base_lr) =>
        base_lr * Math.Pow(1.0 - (double)Math.Min(total_iters, last_epoch) / total_iters, power);
}
