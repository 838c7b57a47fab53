using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Shapes;
using SegGen.Graphs;

namespace SegGen.Cli.Models;

/// <summary>
/// One op of a model at a given input size: its shapes, parameters, floating-point operations and, for the
/// batch, the multiply-accumulates of a (transposed) convolution (0 for other ops, as the generated
/// <c>MultiplyAccumulates</c> counts).
/// </summary>
internal sealed record Layer(string Node, string Op, string Shape, long[] Concrete, long Parameters, long Flops, long MultiplyAccumulates);

/// <summary>
/// The ops of a checked model evaluated at a batch, input size and hyperparameters: concrete shapes from the
/// shape checker's exact formulas, parameters as the generated graph counts them, multiply-accumulates with the
/// generated cost formula's terms and formula, and FLOPs (a multiply-add is 2).
/// </summary>
internal static class LayerTable
{
    public static IReadOnlyList<Layer> Evaluate(BoundModel model, ShapeResult shapes, IReadOnlyDictionary<string, long> hyperparameters, long batch, long height, long width)
    {
        var sizes = new Dictionary<string, long>();
        foreach (var input in model.Inputs)
        {
            sizes[input.Height.Symbol] = height;
            sizes[input.Width.Symbol] = width;
        }
        long[] Concrete(int opId)
        {
            var shape = shapes.Of(opId);
            return [batch, shape.Channels.Evaluate(hyperparameters), Spatial(shape.Height), Spatial(shape.Width)];
        }
        long Spatial(SpatialExpr e) => e.Evaluate(e.Symbol is { } symbol ? sizes[symbol] : 0);

        return model.Ops.Select(op =>
        {
            var output = Concrete(op.Id);
            var input = op.Inputs.Count > 0 ? Concrete(op.Inputs[0]) : output;
            var macs = ConvolutionCost.Of(op, shapes) is { } cost
                ? checked(batch * Costs.Convolution(cost.InChannels.Evaluate(hyperparameters), cost.OutChannels.Evaluate(hyperparameters),
                    cost.Groups, cost.Kernel, Spatial(cost.Height), Spatial(cost.Width)))
                : 0;
            return new Layer(op.Path, op.Kind == OpKind.Input ? "input" : op.Text, shapes.Of(op.Id).Text, output,
                OpParameters.Count(op, shapes, hyperparameters), Flops(op, input, output, macs), macs);
        }).ToList();
    }

    /// <summary>
    /// In 64 bits (an overflow throws). Convolutions: 2 per multiply-add plus the bias adds; batch norm 2 per element; ReLU, dropout and scale 1; a sum 1 per
    /// added operand; softmax 3 (exp, sum, divide); pooling k² per output, global pooling 1 per input. Resampling,
    /// concatenation, crops and unpooling only move data and count 0.
    /// </summary>
    private static long Flops(BoundOp op, long[] input, long[] output, long macs)
    {
        checked
        {
            var elements = Product(output);
            switch (op.Kind)
            {
                case OpKind.Conv or OpKind.Deconv:
                    return 2 * macs + (op.Flag("bias") ? elements : 0);
                case OpKind.BatchNorm:
                    return 2 * elements;
                case OpKind.Relu or OpKind.Dropout or OpKind.Scale:
                    return elements;
                case OpKind.Add:
                    return (op.Inputs.Count - 1) * elements;
                case OpKind.Softmax:
                    return 3 * elements;
                case OpKind.MaxPool or OpKind.AvgPool:
                    return op.Int("k") * op.Int("k") * elements;
                case OpKind.Gap:
                    return Product(input);
                default:
                    return 0;
            }
        }
    }

    private static long Product(long[] shape) => shape.Aggregate(1L, (a, b) => checked(a * b));
}
