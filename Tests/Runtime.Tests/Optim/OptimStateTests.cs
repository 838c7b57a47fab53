using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Optim;
using SegGen.Torch.Serialization;
using Xunit;
using static SegGen.Runtime.Tests.Optim.OptimCases;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Optim;

public class OptimStateTests
{
    private const int TotalSteps = 12;
    private const int SavedAfter = 5;

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void RestoringStateSavedMidwayIntoFreshObjectsContinuesBitForBitAsAnUninterruptedRun(string kind)
    {
        using var uninterrupted = new TrainingRun(kind);
        uninterrupted.Train(0, TotalSteps);

        var checkpoint = Path.Combine(Path.GetTempPath(), $"seggen-optim-resume-{Guid.NewGuid():N}.safetensors");
        try
        {
            using (var first = new TrainingRun(kind))
            {
                first.Train(0, SavedAfter);
                first.Save(checkpoint);
            }
            using var resumed = new TrainingRun(kind);
            resumed.Load(checkpoint);
            resumed.Train(SavedAfter, TotalSteps);

            Assert.Equal(uninterrupted.Lrs.Skip(SavedAfter), resumed.Lrs);
            for (var i = 0; i < resumed.Parameters.Length; i++)
            {
                TensorAssert.Equal(uninterrupted.Parameters[i], resumed.Parameters[i], $"{kind}, parameter {i}");
            }
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public void OptimizerStateDictFollowsPyTorchsLayoutWithParametersNumberedAcrossGroups()
    {
        var parameters = InitialParameters();
        using var optimizer = Optimizer("sgd_groups", parameters);
        foreach (var parameter in parameters) SetGradient(parameter, parameter);
        optimizer.step();

        using var scope = NewDisposeScope();
        var state = optimizer.state_dict();
        string[] options = ["dampening", "lr", "maximize", "momentum", "nesterov", "params", "weight_decay"];
        string[] expected = [.. options.Select(o => "param_groups.0." + o), .. options.Select(o => "param_groups.1." + o),
            "state.0.momentum_buffer", "state.1.momentum_buffer"];
        Assert.Equal(expected, state.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.5, state["param_groups.1.lr"].item<double>());
        Assert.Equal(0.0, state["param_groups.1.weight_decay"].item<double>());
        Assert.Equal([1L], state["param_groups.1.params"].ToArray<long>());
        TensorAssert.Equal(parameters[1].grad!, state["state.1.momentum_buffer"], "the first momentum buffer is the gradient");
        Dispose(parameters);
    }

    [Fact]
    public void LoadingTheStateOfDifferentlyGroupedParametersFailsNamingEveryProblem()
    {
        var parameters = InitialParameters();
        using var oneGroup = optim.SGD(parameters, lr: 0.1);
        using var twoGroups = Optimizer("sgd_groups", parameters);
        using var scope = NewDisposeScope();

        var error = Assert.Throws<TorchException>(() => twoGroups.load_state_dict(oneGroup.state_dict()));

        Assert.Contains("group 0 has 1 parameters but the saved one has 2", error.Message);
        Assert.Contains("missing entries: param_groups.1.lr", error.Message);
        Assert.Equal(0.5, twoGroups.param_groups[1].lr);
        Dispose(parameters);
    }

    /// <summary>A model's parameters, an optimizer and a scheduler, trained on gradients that depend on the step and on the parameters.</summary>
    private sealed class TrainingRun : IDisposable
    {
        private readonly Optimizer optimizer;
        private readonly LRScheduler scheduler;

        public TrainingRun(string kind)
        {
            Parameters = InitialParameters();
            var p = Parameters;
            optimizer = kind switch
            {
                "sgd" => optim.SGD([new SGD.ParamGroup([p[0]]), new SGD.ParamGroup([p[1]]) { lr = 0.5 }], lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4),
                "adam" => optim.Adam([new Adam.ParamGroup([p[0]]), new Adam.ParamGroup([p[1]]) { lr = 0.1, amsgrad = false }], lr: 1e-2, amsgrad: true, weight_decay: 0.1),
                _ => optim.AdamW([new Adam.ParamGroup([p[0]]), new Adam.ParamGroup([p[1]]) { weight_decay = 0 }], lr: 1e-2, amsgrad: true),
            };
            var warmup = optim.lr_scheduler.LinearLR(optimizer, start_factor: 0.1, total_iters: 3);
            scheduler = kind switch
            {
                "sgd" => optim.lr_scheduler.SequentialLR(optimizer, [warmup, optim.lr_scheduler.PolynomialLR(optimizer, total_iters: 10, power: 0.9)], milestones: [3]),
                "adam" => optim.lr_scheduler.SequentialLR(optimizer, [warmup, optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 6)], milestones: [3]),
                _ => optim.lr_scheduler.StepLR(optimizer, step_size: 2, gamma: 0.5),
            };
        }

        public nn.Parameter[] Parameters { get; }

        /// <summary>The groups' lrs after each step.</summary>
        public List<double[]> Lrs { get; } = [];

        public void Train(int fromStep, int toStep)
        {
            for (var step = fromStep; step < toStep; step++)
            {
                // Not drawn from the global generator, which tests of other classes may be seeding meanwhile.
                using (var scope = NewDisposeScope())
                using (no_grad())
                {
                    for (var i = 0; i < Parameters.Length; i++) SetGradient(Parameters[i], Reference($"grad.step{step % Steps}.p{i}").add(Parameters[i]));
                }
                optimizer.step();
                scheduler.step();
                Lrs.Add([.. scheduler.get_last_lr()]);
            }
        }

        public void Save(string path)
        {
            using var scope = NewDisposeScope();
            Safetensors.Save(path, Parameters.Select((p, i) => KeyValuePair.Create($"model.p{i}", (Tensor)p))
                .Concat(Prefixed("optimizer.", optimizer.state_dict()))
                .Concat(Prefixed("scheduler.", scheduler.state_dict())));
        }

        public void Load(string path)
        {
            using var scope = NewDisposeScope();
            var saved = Safetensors.Load(path);
            using (no_grad())
            {
                for (var i = 0; i < Parameters.Length; i++) Parameters[i].copy_(saved[$"model.p{i}"]);
            }
            optimizer.load_state_dict(Unprefixed("optimizer.", saved));
            scheduler.load_state_dict(Unprefixed("scheduler.", saved));
        }

        private static IEnumerable<KeyValuePair<string, Tensor>> Prefixed(string prefix, Dictionary<string, Tensor> state) =>
            state.Select(e => KeyValuePair.Create(prefix + e.Key, e.Value));

        private static Dictionary<string, Tensor> Unprefixed(string prefix, Dictionary<string, Tensor> saved) =>
            saved.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(e => e.Key[prefix.Length..], e => e.Value);

        public void Dispose()
        {
            optimizer.Dispose();
            OptimCases.Dispose(Parameters);
        }
    }
}
