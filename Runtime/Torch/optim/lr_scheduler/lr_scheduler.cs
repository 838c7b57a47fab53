using System.Collections.Generic;
using SegGen.Torch.Optim;

namespace SegGen.Torch;

// Scheduler factories with PyTorch's argument names and defaults. Each takes its step 0 when made,
// setting the groups' lr, as in PyTorch.
public static partial class torch
{
    public static partial class optim
    {
        public static class lr_scheduler
        {
            public static StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);

            public static CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);

            /// <summary>DeepLab's poly schedule; <paramref name="closed_form"/> trades PyTorch's exact recursive values for the formula's.</summary>
            public static PolynomialLR PolynomialLR(Optimizer optimizer, int total_iters = 5, double power = 1.0, bool closed_form = false) =>
                new(optimizer, total_iters, power, closed_form);

            public static LinearLR LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5) =>
                new(optimizer, start_factor, end_factor, total_iters);

            public static SequentialLR SequentialLR(Optimizer optimizer, IReadOnlyList<ChainableLRScheduler> schedulers, IReadOnlyList<int> milestones) =>
                new(optimizer, schedulers, milestones);
        }
    }
}
