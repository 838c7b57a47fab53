using System;
using SegGen.Torch.Optim;
using Xunit;
using static SegGen.Runtime.Tests.Optim.OptimCases;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Optim;

public class OptimArgumentTests
{
    private static void Rejected(Func<Optimizer> make, string option, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => make().Dispose());
        Assert.Equal(option, error.ParamName);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void NegativeLearningRateIsAnArgumentExceptionThatNamesIt()
    {
        var p = InitialParameters();
        Rejected(() => optim.SGD(p, lr: -0.1), "lr", "Invalid learning rate: -0.1");
        Rejected(() => optim.Adam(p, lr: double.NaN), "lr", "Invalid learning rate: NaN");
        Rejected(() => optim.SGD([new SGD.ParamGroup(p) { lr = -1 }], lr: 0.1), "lr", "Invalid learning rate: -1");
        Dispose(p);
    }

    [Fact]
    public void InvalidMomentumIsAnArgumentExceptionThatNamesIt()
    {
        var p = InitialParameters();
        Rejected(() => optim.SGD(p, lr: 0.1, momentum: -0.5), "momentum", "Invalid momentum value: -0.5");
        Rejected(() => optim.SGD(p, lr: 0.1, nesterov: true), "nesterov", "Nesterov momentum requires a momentum and zero dampening");
        Rejected(() => optim.SGD(p, lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true), "nesterov", "zero dampening");
        Dispose(p);
    }

    [Fact]
    public void InvalidAdamOptionsAreArgumentExceptionsThatNameThem()
    {
        var p = InitialParameters();
        Rejected(() => optim.Adam(p, beta1: 1.0), "beta1", "Invalid beta parameter at index 0: 1");
        Rejected(() => optim.AdamW(p, beta2: -0.1), "beta2", "Invalid beta parameter at index 1: -0.1");
        Rejected(() => optim.Adam(p, eps: -1e-8), "eps", "Invalid epsilon value");
        Rejected(() => optim.AdamW(p, weight_decay: -0.01), "weight_decay", "Invalid weight_decay value: -0.01");
        Dispose(p);
    }

    [Fact]
    public void AParameterInTwoGroupsOrAGroupOfAnotherOptimizerIsAnArgumentException()
    {
        var p = InitialParameters();
        Rejected(() => optim.SGD([new SGD.ParamGroup(p), new SGD.ParamGroup([p[0]])], lr: 0.1), "param_group", "appear more than once");
        using var sgd = optim.SGD([p[0]], lr: 0.1);
        var error = Assert.Throws<ArgumentException>(() => sgd.add_param_group(new Adam.ParamGroup([p[1]])));
        Assert.Contains("SGD takes SGD.ParamGroup groups, not Adam.ParamGroup", error.Message);
        Dispose(p);
    }

    [Fact]
    public void InvalidSchedulerSettingsAreArgumentExceptionsThatNameThem()
    {
        var p = InitialParameters();
        using var optimizer = ScheduleOptimizer(p);
        var s = optim.lr_scheduler.StepLR(optimizer, step_size: 1);

        Assert.Equal("start_factor", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.LinearLR(optimizer, start_factor: 0)).ParamName);
        Assert.Equal("step_size", Assert.Throws<ArgumentException>(() => optim.lr_scheduler.StepLR(optimizer, step_size: 0)).ParamName);
        var milestones = Assert.Throws<ArgumentException>(() => optim.lr_scheduler.SequentialLR(optimizer, [s, s], milestones: []));
        Assert.Contains("one milestone fewer than schedulers", milestones.Message);
        using var other = ScheduleOptimizer(p);
        var foreign = Assert.Throws<ArgumentException>(() => optim.lr_scheduler.SequentialLR(optimizer, [optim.lr_scheduler.StepLR(other, 1)], milestones: []));
        Assert.Contains("scheduler 0 belongs to another optimizer", foreign.Message);
        Dispose(p);
    }
}
