using System;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests;

/// <summary>Module.optimize_for_inference: eval mode, prepared state per module, and every weight change that drops it.</summary>
[Collection(GlobalRandomCollection.Name)]
public class InferencePreparationTests
{
    /// <summary>A module that prepares a packed copy of its convolution, as generated models do.</summary>
    private sealed class Prepares : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;

        public Prepares() : base(nameof(Prepares)) => conv = register_module("conv", nn.Conv2d(2, 3, 1));

        public int Prepared { get; private set; }

        public PackedConv2d? Packed => inference_state as PackedConv2d;

        protected override IDisposable prepare_inference()
        {
            Prepared++;
            return new PackedConv2d(conv);
        }

        public override Tensor forward(Tensor input) => conv.forward(input);
    }

    [Fact]
    public void OptimizeForInferenceSwitchesToEvalAndPreparesOnce()
    {
        using var module = new Prepares();
        Assert.Same(module, module.optimize_for_inference());
        Assert.False(module.training);
        Assert.True(module.inference_optimized);
        Assert.Equal(1, module.Prepared);
        module.eval();
        Assert.True(module.inference_optimized);
    }

    [Fact]
    public void TrainLoadStateDictAndConversionDropThePreparedState()
    {
        using var module = new Prepares();
        module.optimize_for_inference().train();
        Assert.False(module.inference_optimized);

        module.optimize_for_inference();
        module.load_state_dict(module.state_dict());
        Assert.False(module.inference_optimized);

        module.optimize_for_inference();
        module.to(ScalarType.Float32);
        Assert.Null(module.Packed);
    }

    [Fact]
    public void ModulesWithNothingToPrepareAndNonFloat32WeightsKeepTheirOrdinaryForward()
    {
        using var conv = nn.Conv2d(2, 3, 1);
        conv.optimize_for_inference();
        Assert.False(conv.inference_optimized);
        Assert.False(conv.training);

        using var module = new Prepares();
        module.to(ScalarType.Float64).optimize_for_inference();
        Assert.False(module.inference_optimized);
        Assert.Equal(0, module.Prepared);
    }
}
