using System;

namespace SegGen.Torch.Optim;

/// <summary>Multiplies each group's lr by <see cref="gamma"/> every <see cref="step_size"/> epochs (PyTorch's <c>StepLR</c>).</summary>
public sealed class StepLR : ChainableLRScheduler
{
    internal StepLR(Optimizer optimizer, int step_size, double gamma) : base(optimizer)
    {
        // PyTorch does not check, and then fails on a modulo by zero at the first step.
        if (step_size < 1) throw new ArgumentException($"step_size must be at least 1, not {step_size}", nameof(step_size));
        this.step_size = step_size;
        this.gamma = gamma;
        Start();
    }

    public int step_size { get; }

    public double gamma { get; }

    private protected override double ChainedLr(double lr, double base_lr) =>
        last_epoch == 0 || last_epoch % step_size != 0 ? lr : lr * gamma;

    private protected override double ClosedFormLr(double base_lr) => base_lr * Math.Pow(gamma, last_epoch / step_size);
}
