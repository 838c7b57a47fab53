using System.Linq;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch.Optim;
using Xunit;
using static SegGen.Runtime.Tests.Optim.OptimCases;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Optim;

public class OptimizerBehaviourTests
{
    [Theory]
    [InlineData("sgd_nesterov_weight_decay")]
    [InlineData("adam_amsgrad_weight_decay")]
    [InlineData("adamw")]
    public void ParametersWithoutAGradientAreLeftAsTheyAreAndGetNoState(string config)
    {
        var parameters = InitialParameters();
        using var optimizer = Optimizer(config, parameters);
        SetGradient(parameters[0], Reference("grad.step0.p0"));

        optimizer.step();
        optimizer.step();

        TensorAssert.Equal(Reference("initial.p1"), parameters[1], "the parameter without a gradient");
        Assert.False(parameters[0].allclose(Reference("initial.p0")), "the parameter with a gradient moved");
        using var scope = NewDisposeScope();
        var keys = optimizer.state_dict().Keys;
        Assert.Contains(keys, k => k.StartsWith("state.0.", System.StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.StartsWith("state.1.", System.StringComparison.Ordinal));
        Dispose(parameters);
    }

    [Theory]
    [InlineData("sgd_nesterov_weight_decay")]
    [InlineData("adam_amsgrad_weight_decay")]
    [InlineData("adamw_amsgrad_maximize")]
    public void StepFreesItsTemporariesAndKeepsItsStateOutOfTheCallersScope(string config)
    {
        var parameters = InitialParameters();
        using var optimizer = Optimizer(config, parameters);
        for (var i = 0; i < parameters.Length; i++) SetGradient(parameters[i], Reference($"grad.step0.p{i}"));
        using (var scope = NewDisposeScope())
        {
            optimizer.step();
            Assert.Equal(0, scope.Count);
        }
        // The state made by the first step outlived the scope it was made in.
        optimizer.step();
        Dispose(parameters);
    }

    [Fact]
    public void ZeroGradZeroesGradientsInPlaceAsPyTorch113AndDropsThemWithSetToNone()
    {
        var parameters = InitialParameters();
        using var optimizer = optim.SGD(parameters, lr: 0.1);
        foreach (var parameter in parameters) SetGradient(parameter, parameter);

        optimizer.zero_grad();
        using (var grad = parameters[0].grad)
        {
            Assert.NotNull(grad);
            Assert.Equal(0.0, grad.abs().sum().item<double>());
        }

        optimizer.zero_grad(set_to_none: true);
        Assert.All(parameters, p => Assert.Null(p.grad));
        Dispose(parameters);
    }

    [Fact]
    public void GroupOptionsLeftUnsetTakeTheOptimizersValues()
    {
        var parameters = InitialParameters();
        using var optimizer = Optimizer("sgd_groups", parameters);
        var groups = optimizer.param_groups.Cast<SGD.ParamGroup>().ToList();

        Assert.Equal([0.05, 0.5], groups.Select(g => g.lr));
        Assert.Equal([1e-4, 0.0], groups.Select(g => g.weight_decay));
        Assert.All(groups, g => Assert.Equal(0.9, g.momentum));
        Assert.All(groups, g => Assert.False(g.nesterov));
        Dispose(parameters);
    }

    [Fact]
    public void FirstSchedulerRecordsEachGroupsInitialLearningRate()
    {
        var parameters = InitialParameters();
        using var optimizer = ScheduleOptimizer(parameters);
        Assert.All(optimizer.param_groups, g => Assert.Null(g.initial_lr));

        optim.lr_scheduler.LinearLR(optimizer, start_factor: 0.5, total_iters: 2);

        Assert.Equal([0.1, 1.0], optimizer.param_groups.Select(g => g.initial_lr!.Value));
        Assert.Equal([0.05, 0.5], optimizer.param_groups.Select(g => g.lr));
        Dispose(parameters);
    }
}
