using System;

namespace SegGen.Torch.Optim;

/// <summary>
/// Anneals each group's lr from its initial lr to <see cref="eta_min"/> along half a cosine over
/// <see cref="T_max"/> epochs, then back up (SGDR without restarts; PyTorch's <c>CosineAnnealingLR</c>).
/// </summary>
public sealed class CosineAnnealingLR : ChainableLRScheduler
{
    internal CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min) : base(optimizer)
    {
        if (T_max < 1) throw new ArgumentException($"T_max must be at least 1, not {T_max}", nameof(T_max));
        this.T_max = T_max;
        this.eta_min = eta_min;
        Start();
    }

    public int T_max { get; }

    public double eta_min { get; }

    // PyTorch's branch for a scheduler made with last_epoch > 0 is left out: SegGen resumes through
    // load_state_dict instead, and never constructs a scheduler part-way.
    private protected override double ChainedLr(double lr, double base_lr)
    {
        if (last_epoch == 0) return lr;
        // The step past a trough, where the ratio form below would divide by 1 + cos(pi) = 0.
        if ((last_epoch - 1 - T_max) % (2 * T_max) == 0) return lr + (base_lr - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2;
        return (1 + Math.Cos(Math.PI * last_epoch / T_max)) / (1 + Math.Cos(Math.PI * (last_epoch - 1) / T_max)) * (lr - eta_min) + eta_min;
    }

    private protected override double ClosedFormLr(double base_lr) =>
        eta_min + (base_lr - eta_min) * (1 + Math.Cos(Math.PI * last_epoch / T_max)) / 2;
}
