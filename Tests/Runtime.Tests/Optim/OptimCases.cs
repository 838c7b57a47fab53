using System;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch.Optim;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Optim;

/// <summary>The configurations of reference/optim.py built with SegGen, and the inputs they run on.</summary>
internal static class OptimCases
{
    public const int Steps = 6;
    public const int ScheduleSteps = 25;

    public static Tensor Reference(string name) => PyTorchReference.Load("optim.py")[name];

    /// <summary>Two parameters holding optim.py's starting values.</summary>
    public static nn.Parameter[] InitialParameters() => [new(Reference("initial.p0").clone()), new(Reference("initial.p1").clone())];

    public static void SetGradient(nn.Parameter parameter, Tensor gradient)
    {
        using var copy = gradient.clone();
        parameter.grad = copy;
    }

    public static void Dispose(params IDisposable[] disposables)
    {
        foreach (var disposable in disposables) disposable.Dispose();
    }

    public static Optimizer Optimizer(string config, nn.Parameter[] p) => config switch
    {
        "sgd" => optim.SGD(p, lr: 0.1),
        "sgd_momentum_dampening" => optim.SGD(p, lr: 0.05, momentum: 0.9, dampening: 0.1),
        "sgd_nesterov_weight_decay" => optim.SGD(p, lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-2),
        "sgd_maximize" => optim.SGD(p, lr: 0.1, momentum: 0.5, maximize: true),
        "sgd_groups" => optim.SGD([new SGD.ParamGroup([p[0]]), new SGD.ParamGroup([p[1]]) { lr = 0.5, weight_decay = 0 }],
            lr: 0.05, momentum: 0.9, weight_decay: 1e-4),
        "adam" or "adam_skip" => optim.Adam(p, lr: 1e-2),
        "adam_amsgrad_weight_decay" => optim.Adam(p, lr: 1e-2, beta1: 0.8, beta2: 0.99, amsgrad: true, weight_decay: 0.1),
        "adamw" => optim.AdamW(p, lr: 1e-2),
        "adamw_amsgrad_maximize" => optim.AdamW(p, lr: 1e-2, weight_decay: 0.1, amsgrad: true, maximize: true),
        _ => throw new ArgumentException($"no optimizer configuration '{config}'", nameof(config)),
    };

    /// <summary>optim.py's schedule_optimizer: two groups, with lr 0.1 and 1.0.</summary>
    public static SGD ScheduleOptimizer(nn.Parameter[] p) =>
        optim.SGD([new SGD.ParamGroup([p[0]]), new SGD.ParamGroup([p[1]]) { lr = 1.0 }], lr: 0.1);

    public static LRScheduler Scheduler(string config, Optimizer o) => config switch
    {
        "steplr" => optim.lr_scheduler.StepLR(o, step_size: 3, gamma: 0.5),
        "cosine" => optim.lr_scheduler.CosineAnnealingLR(o, T_max: 10, eta_min: 1e-3),
        "poly" => optim.lr_scheduler.PolynomialLR(o, total_iters: 20, power: 0.9),
        "poly_closed_form" => optim.lr_scheduler.PolynomialLR(o, total_iters: 20, power: 0.9, closed_form: true),
        "linear" => Warmup(o),
        "linear_to_end_factor" => optim.lr_scheduler.LinearLR(o, start_factor: 0.25, end_factor: 0.75, total_iters: 4),
        "warmup_poly" => optim.lr_scheduler.SequentialLR(o, [Warmup(o), optim.lr_scheduler.PolynomialLR(o, total_iters: 20, power: 0.9)], milestones: [5]),
        "warmup_cosine" => optim.lr_scheduler.SequentialLR(o, [Warmup(o), optim.lr_scheduler.CosineAnnealingLR(o, T_max: 15, eta_min: 1e-4)], milestones: [5]),
        _ => throw new ArgumentException($"no scheduler configuration '{config}'", nameof(config)),
    };

    private static LinearLR Warmup(Optimizer o) => optim.lr_scheduler.LinearLR(o, start_factor: 0.1, total_iters: 5);
}
