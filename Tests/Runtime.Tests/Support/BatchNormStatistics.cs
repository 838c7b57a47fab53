using System.Linq;
using SegGen.Torch.Modules;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Support;

/// <summary>Random running statistics and affine parameters for batch norms, so that folding them into a convolution changes something.</summary>
public static class BatchNormStatistics
{
    /// <summary>Draws new statistics for every batch norm in <paramref name="module"/> (itself included) from libtorch's global generator.</summary>
    public static void Randomise(nn.Module module)
    {
        using var _ = no_grad();
        foreach (var norm in module.named_modules().Select(m => m.module).OfType<BatchNorm2d>())
        {
            using var mean = randn(norm.num_features).mul(0.5);
            using var variance = rand(norm.num_features).add(0.5);
            using var weight = randn(norm.num_features);
            using var bias = randn(norm.num_features);
            norm.running_mean!.copy_(mean);
            norm.running_var!.copy_(variance);
            norm.weight!.copy_(weight);
            norm.bias!.copy_(bias);
        }
    }
}
