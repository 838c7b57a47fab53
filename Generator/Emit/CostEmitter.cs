using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Writes <c>MultiplyAccumulates(H, W)</c>: the cost of one image's forward pass through the convolutions
/// and deconvolutions, as a formula of the input sizes (the shape engine's output sizes, written as C#)
/// and of the integer hyperparameters, each op's term through the runtime's one cost formula (<c>Costs</c>, which
/// <c>seggen summary</c> calls too). Other ops (norms, pools, resampling) are not counted.
/// </summary>
internal static class CostEmitter
{
    private const string Arithmetic = "global::SegGen.Graphs.Sizes";
    private const string Costs = "global::SegGen.Graphs.Costs";

    public static void Write(SourceWriter w, BoundModel model, ShapeResult shapes)
    {
        var integers = model.Hyperparameters.Where(h => h.Kind == Model.HyperparameterKind.Int).ToList();
        // A size symbol may share its name with a hyperparameter (both are legal): the size's parameter yields.
        var taken = new HashSet<string>(integers.Select(h => h.Name));
        var sizes = model.Inputs.SelectMany(i => new[] { i.Height.Symbol, i.Width.Symbol }).Distinct()
            .ToDictionary(s => s, s => CSharp.Identifier(taken.Contains(s) ? s + "_size" : s));
        var parameters = sizes.Values.Select(p => "long " + p).Concat(integers.Select(h => $"long {CSharp.Identifier(h.Name)} = {h.DefaultCSharp}"));
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Multiply-accumulates of the convolutions (deconvolutions included) for one image of the given size, at the");
        w.Line("/// given hyperparameters (by default the declared ones); FLOPs are about twice this. Other ops (norms, pools,");
        w.Line("/// resampling) are not counted. Static, so that a model's cost is known without building it.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The size is not one <see cref=\"Contract\"/> accepts.</exception>");
        using (w.Block($"public static long MultiplyAccumulates({string.Join(", ", parameters)})"))
        {
            for (var i = 0; i < model.Inputs.Count; i++)
            {
                var (h, v) = (sizes[model.Inputs[i].Height.Symbol], sizes[model.Inputs[i].Width.Symbol]);
                w.Line($"if (!Contract.Inputs[{i}].Accepts({h}, {v})) throw new global::System.ArgumentException($\"{model.Name}: {{{h}}}x{{{v}}} is not an accepted size of {{Contract.Inputs[{i}]}}\");");
            }
            // One expression, no locals: nothing to clash with a hyperparameter's name.
            w.Line("return checked(0L");
            w.Indent();
            foreach (var op in model.Ops)
            {
                if (ConvolutionCost.Of(op, shapes) is not { } cost) continue;
                w.Line($"+ {Costs}.Convolution({cost.InChannels.CSharp}, {cost.OutChannels.CSharp}, {cost.Groups}, {cost.Kernel}, {Size(cost.Height, sizes)}, {Size(cost.Width, sizes)}) // {op.Path}");
            }
            w.Outdent();
            w.Line(");");
        }
    }

    /// <summary>A size formula as C# over the input size parameters, exact as the shape engine's integer arithmetic.</summary>
    private static string Size(SpatialExpr size, IReadOnlyDictionary<string, string> sizes) => size switch
    {
        SymbolDim s => sizes[s.Name],
        ConstDim c => CSharp.Long(c.Value),
        LinearDim l => $"({(l.A == 1 ? "" : $"{l.A} * ")}{Size(l.Inner, sizes)}{(l.B == 0 ? "" : l.B > 0 ? $" + {l.B}" : $" - {-l.B}")})",
        FloorDivDim f => $"{Arithmetic}.FloorDiv({Size(f.Inner, sizes)}, {f.D})",
        CeilPoolDim p => $"{Arithmetic}.CeilPool({Size(p.Input, sizes)}, {p.Offset}, {p.Stride}, {p.Padding})",
        _ => throw new System.ArgumentException($"no C# form for the size {size.Text}"),
    };
}
