using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Writes <c>MultiplyAccumulates(H, W)</c>: the cost of one image's forward pass through the convolutions
/// and deconvolutions, as a formula of the input sizes (the shape engine's output sizes, written as C#)
/// and of the integer hyperparameters. Other ops (norms, pools, resampling) are not counted.
/// </summary>
internal static class CostEmitter
{
    private const string Arithmetic = "global::SegGen.Graphs.Sizes";

    public static void Write(SourceWriter w, BoundModel model, ShapeResult shapes)
    {
        var symbols = model.Inputs.SelectMany(i => new[] { i.Height.Symbol, i.Width.Symbol }).Distinct().ToList();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Multiply-accumulates of the convolutions (deconvolutions included) for one image of the given size, at the");
        w.Line("/// given hyperparameters (by default the declared ones); FLOPs are about twice this. Other ops (norms, pools,");
        w.Line("/// resampling) are not counted. Static, so that a model's cost is known without building it.");
        w.Line("/// </summary>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\">The size is not one <see cref=\"Contract\"/> accepts.</exception>");
        var hyperparameters = model.Hyperparameters.Where(h => h.Kind == Model.HyperparameterKind.Int)
            .Select(h => $"long {CSharp.Identifier(h.Name)} = {h.DefaultCSharp}");
        using (w.Block($"public static long MultiplyAccumulates({string.Join(", ", symbols.Select(s => "long " + CSharp.Identifier(s)).Concat(hyperparameters))})"))
        {
            for (var i = 0; i < model.Inputs.Count; i++)
            {
                var (h, w2) = (CSharp.Identifier(model.Inputs[i].Height.Symbol), CSharp.Identifier(model.Inputs[i].Width.Symbol));
                w.Line($"if (!Contract.Inputs[{i}].Accepts({h}, {w2})) throw new global::System.ArgumentException($\"{model.Name}: {{{h}}}x{{{w2}}} is not an accepted size of {{Contract.Inputs[{i}]}}\");");
            }
            w.Line("long total = 0;");
            foreach (var op in model.Ops.Where(o => o.Kind is OpKind.Conv or OpKind.Deconv))
            {
                // A convolution computes each output position from its weights; a deconvolution spreads each input position through them.
                var positions = shapes.Of(op.Kind == OpKind.Conv ? op.Id : op.Inputs[0]);
                w.Line($"total += checked({Weights(op, shapes)} * {Size(positions.Height)} * {Size(positions.Width)}); // {op.Path}");
            }
            w.Line("return total;");
        }
    }

    private static string Weights(BoundOp op, ShapeResult shapes)
    {
        var k = op.Int("k");
        var groups = op.Int("groups");
        var product = $"({shapes.Of(op.Inputs[0]).Channels.CSharp}) * ({op.Arg("out").Channels!.CSharp})";
        return $"{(groups == 1 ? product : $"{product} / {groups}")} * {k * k}";
    }

    /// <summary>A size formula as C# over the input size parameters, exact as the shape engine's integer arithmetic.</summary>
    private static string Size(SpatialExpr size) => size switch
    {
        SymbolDim s => CSharp.Identifier(s.Name),
        ConstDim c => CSharp.Long(c.Value),
        LinearDim l => $"({(l.A == 1 ? "" : $"{l.A} * ")}{Size(l.Inner)}{(l.B == 0 ? "" : l.B > 0 ? $" + {l.B}" : $" - {-l.B}")})",
        FloorDivDim f => $"{Arithmetic}.FloorDiv({Size(f.Inner)}, {f.D})",
        CeilPoolDim p => $"{Arithmetic}.CeilPool({Size(p.Input)}, {p.Offset}, {p.Stride}, {p.Padding})",
        _ => throw new System.ArgumentException($"no C# form for the size {size.Text}"),
    };
}
