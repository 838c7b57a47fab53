using System;
using System.Linq;
using Xunit;
using SegGen.Torch;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Support;

public static class TensorAssert
{
    /// <summary>Same shape and dtype, and every element within <paramref name="atol"/> + <paramref name="rtol"/>·|expected|.</summary>
    public static void Close(Tensor expected, Tensor actual, double atol = 1e-5, double rtol = 1e-5, string? what = null)
    {
        var label = what is null ? "" : what + ": ";
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{label}shape [{string.Join(", ", actual.shape)}] differs from PyTorch's [{string.Join(", ", expected.shape)}]");
        Assert.True(expected.dtype == actual.dtype, $"{label}dtype {actual.dtype} differs from PyTorch's {expected.dtype}");
        if (expected.numel() == 0) return;
        using var scope = NewDisposeScope();
        using var e = expected.to(ScalarType.Float64);
        using var a = actual.to(ScalarType.Float64);
        var excess = ((a - e).abs() - (e.abs() * rtol + atol)).max().item<double>();
        var worst = (a - e).abs().max().item<double>();
        Assert.True(excess <= 0, $"{label}values differ from PyTorch's by up to {worst:G6} (atol {atol}, rtol {rtol})");
    }

    /// <summary>Bit-identical: same shape, dtype and values.</summary>
    public static void Equal(Tensor expected, Tensor actual, string? what = null) => Close(expected, actual, 0, 0, what);
}
