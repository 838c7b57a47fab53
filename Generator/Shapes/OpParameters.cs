using System.Collections.Generic;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Shapes;

/// <summary>How many parameters an op holds, for given integer hyperparameters (the graph's counts, <c>seggen summary</c>).</summary>
public static class OpParameters
{
    public static long Count(BoundOp op, ShapeResult shapes, IReadOnlyDictionary<string, long> hyperparameters)
    {
        if (!op.HasState) return 0;
        var input = shapes.Of(op.Inputs[0]).Channels.Evaluate(hyperparameters);
        if (op.Kind == OpKind.BatchNorm) return 2 * input;
        var output = op.Arg("out").Channels!.Evaluate(hyperparameters);
        var k = op.Int("k");
        return input * output / op.Int("groups") * k * k + (op.Flag("bias") ? output : 0);
    }
}
