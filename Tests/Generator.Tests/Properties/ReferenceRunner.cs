using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SegGen.Torch;
using static SegGen.Torch.torch;
using F = SegGen.Torch.torch.nn.functional;

namespace SegGen.Generator.Tests.Properties;

/// <summary>What running a stack gave: each op's output shape by generator path and the output shape, or why it failed.</summary>
internal sealed record Outcome(IReadOnlyDictionary<string, long[]> Shapes, long[]? Output, string? Failure)
{
    public bool Works => Failure is null;

    public override string ToString() => Works ? $"works, output {Text(Output!)}" : $"fails: {Failure}";

    public static string Text(long[] shape) => $"[{string.Join(", ", shape)}]";
}

/// <summary>
/// The ground truth: runs a <see cref="LayerStack"/> with libtorch's functional ops directly, without
/// the generator, its guard or its shape engine. A size "works" when libtorch accepts every op and the
/// sizes an op combines agree exactly (libtorch would broadcast a 1 in add, which is not what a skip means).
/// </summary>
internal static class ReferenceRunner
{
    public static Outcome Run(LayerStack stack, long height, long width)
    {
        using var scope = NewDisposeScope();
        var run = new Execution();
        var current = run.Values[LayerStack.Input] = randn(1, stack.Channels, height, width);
        try
        {
            foreach (var layer in stack.Layers)
            {
                var x = layer.From is null ? current : run.Values[layer.From];
                for (var i = 0; i < layer.Ops.Count; i++)
                {
                    x = run.Apply(layer.Ops[i], x, layer.Name);
                    run.Shapes[layer.PathOf(i)] = x.shape;
                }
                run.Values[layer.Name] = current = x;
            }
            return new Outcome(run.Shapes, current.shape, null);
        }
        catch (Exception e) when (e is TorchException or MismatchException)
        {
            return new Outcome(run.Shapes, null, e.Message);
        }
    }

    private sealed class MismatchException(string message) : Exception(message);

    private sealed class Execution
    {
        public Dictionary<string, Tensor> Values { get; } = [];

        public Dictionary<string, long[]> Shapes { get; } = [];

        /// <summary>Per layer, its last max pool with indices: the indices and the pool's input size.</summary>
        private readonly Dictionary<string, (Tensor Indices, long[] InputShape)> pools = [];

        public Tensor Apply(StackOp op, Tensor x, string layer)
        {
            switch (op)
            {
                case ConvOp c:
                    return F.conv2d(x, ones(c.Out, x.size(1), c.Kernel, c.Kernel), null, [c.Stride], [c.Pad], [c.Dilation]);
                case DeconvOp d:
                    return F.conv_transpose2d(x, ones(x.size(1), d.Out, d.Kernel, d.Kernel), null, [d.Stride], [d.Pad], [d.OutputPad], [d.Dilation]);
                case MaxPoolOp { Indices: true } m:
                    var (pooled, indices) = F.max_pool2d_with_indices(x, [m.Kernel], Stride(m.Stride), [m.Pad], [m.Dilation], m.Ceil);
                    pools[layer] = (indices, x.shape);
                    return pooled;
                case MaxPoolOp m:
                    return F.max_pool2d(x, [m.Kernel], Stride(m.Stride), [m.Pad], [m.Dilation], m.Ceil);
                case AvgPoolOp a:
                    return F.avg_pool2d(x, [a.Kernel], Stride(a.Stride), [a.Pad], a.Ceil, a.CountPad);
                case UnpoolOp u:
                    var pool = pools[u.Pool];
                    Agree("unpool", x, pool.Indices);
                    return F.max_unpool2d(x, pool.Indices, [pool.InputShape[2], pool.InputShape[3]]);
                case UpsampleOp up:
                    var mode = up.Nearest ? InterpolationMode.Nearest : InterpolationMode.Bilinear;
                    bool? align = up.Nearest ? null : false;
                    return up.Like is { } like
                        ? F.interpolate(x, size: [Values[like].size(2), Values[like].size(3)], mode: mode, align_corners: align)
                        : F.interpolate(x, scale_factor: [double.Parse(up.Scale!, CultureInfo.InvariantCulture)], mode: mode, align_corners: align);
                case CropOp c:
                    return x.narrow(2, c.Offset, Values[c.Like].size(2)).narrow(3, c.Offset, Values[c.Like].size(3));
                case AddOp a:
                    Agree("add", x, Values[a.Other]);
                    return x.add(Values[a.Other]);
                case ConcatOp c:
                    return cat([x, Values[c.Other]], 1);
                case PlainOp { Name: "gap" }:
                    return F.adaptive_avg_pool2d(x, [1]);
                case PlainOp { Name: "relu" }:
                    return F.relu(x);
                case PlainOp { Name: "batchnorm" }:
                    return F.batch_norm(x, zeros(x.size(1)), ones(x.size(1)));
                default:
                    throw new ArgumentException($"no reference for {op.Yaml}");
            }
        }

        private static long[]? Stride(int? stride) => stride is { } s ? [s] : null;

        private static void Agree(string op, Tensor a, Tensor b)
        {
            if (!a.shape.SequenceEqual(b.shape)) throw new MismatchException($"{op} of shapes {Outcome.Text(a.shape)} and {Outcome.Text(b.shape)}");
        }
    }
}
