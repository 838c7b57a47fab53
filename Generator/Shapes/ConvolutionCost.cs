using SegGen.Generator.Binding;

namespace SegGen.Generator.Shapes;

/// <summary>
/// What a (transposed) convolution's multiply-accumulates for one image depend on: its channels, groups and
/// kernel, and the positions where it applies all its weights — a convolution at each output position, a
/// transposed one at each input position. The runtime's <c>Costs.Convolution</c> multiplies them out, both in
/// the generated <c>MultiplyAccumulates</c> (these terms written as C#) and in <c>seggen summary</c> (evaluated).
/// </summary>
public sealed record ConvolutionCost(ChannelExpr InChannels, ChannelExpr OutChannels, long Groups, long Kernel, SpatialExpr Height, SpatialExpr Width)
{
    /// <summary>The terms of a conv or deconv op; null for any other op (their cost is not counted).</summary>
    public static ConvolutionCost? Of(BoundOp op, ShapeResult shapes)
    {
        if (op.Kind is not (OpKind.Conv or OpKind.Deconv)) return null;
        var positions = shapes.Of(op.Kind == OpKind.Conv ? op.Id : op.Inputs[0]);
        return new ConvolutionCost(shapes.Of(op.Inputs[0]).Channels, op.Arg("out").Channels!, op.Int("groups"), op.Int("k"), positions.Height, positions.Width);
    }
}
