using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Writes the reviewable description of a model: the contract as data (used by forward's guards) and
/// the graph (nodes, edges, symbolic shapes, parameter counts at the default hyperparameters), which
/// the runtime renders as a table, Mermaid or DOT; and the convolutions' cost (<see cref="CostEmitter"/>).
/// </summary>
internal static class GraphEmitter
{
    /// <param name="declaration">The model's declaration for the assembly's metadata (<c>ModelDeclaration</c>), if any.</param>
    public static string Emit(BoundModel model, ShapeResult shapes, OpTexts texts, string @namespace, string? declaration = null)
    {
        using var w = new SourceWriter();
        Header.Write(w, model);
        if (declaration is not null)
        {
            w.Line($"[assembly: {CSharp.Contracts}.ModelDeclaration({CSharp.String($"{@namespace}.{model.Name}")}, {CSharp.String(declaration)})]");
            w.Line();
        }
        using (w.Block($"namespace {@namespace}"))
        {
            using (w.Block($"partial class {model.Name}"))
            {
                Contract(w, model, shapes);
                Graph(w, model, shapes, texts);
                CostEmitter.Write(w, model, shapes);
            }
        }
        return w.ToString();
    }

    private static void Contract(SourceWriter w, BoundModel model, ShapeResult shapes)
    {
        w.Line("/// <summary>The input sizes this model accepts, derived at compile time; <c>forward</c> checks inputs against it.</summary>");
        w.Line($"public static {CSharp.Contracts}.ModelContract Contract {{ get; }} = new(");
        w.Indent();
        w.Line($"nameof({model.Name}),");
        w.Line("[");
        w.Indent();
        foreach (var (input, contract) in model.Inputs.Zip(shapes.Contracts, (i, c) => (i, c)))
        {
            w.Line($"new {CSharp.Contracts}.InputContract({CSharp.String(input.Name)}, {CSharp.String(input.ShapeText)}, {Dim(contract.Height)}, {Dim(contract.Width)}),");
        }
        w.Outdent();
        w.Line("]);");
        w.Outdent();
        w.Line();
    }

    private static string Dim(DimContract d) =>
        $"new {CSharp.Contracts}.DimContract({CSharp.String(d.Symbol)}, {d.Modulus}, [{string.Join(", ", d.MinimumByResidue.Select(CSharp.Long))}])";

    private static void Graph(SourceWriter w, BoundModel model, ShapeResult shapes, OpTexts texts)
    {
        var defaults = model.Hyperparameters.Where(h => h.Kind == Model.HyperparameterKind.Int).ToDictionary(h => h.Name, h => h.IntegerDefault);
        w.Line("/// <summary>The graph as declared: each op with its symbolic output shape, parameter count (at the default hyperparameters) and source line.</summary>");
        w.Line($"public static {CSharp.Graphs}.ModelGraph Graph {{ get; }} = new(");
        w.Indent();
        w.Line($"nameof({model.Name}),");
        w.Line("[");
        w.Indent();
        var inputs = new List<int>();
        foreach (var op in model.Ops)
        {
            Inputs(op, inputs);
            w.Line($"new({CSharp.String(op.Path)}, {CSharp.String(op.Kind == OpKind.Input ? "input" : op.Text)}, {CSharp.String(texts.Shape(op.Id))}, {
                CSharp.Long(OpParameters.Count(op, shapes, defaults))}, [{string.Join(", ", inputs.Select(id => CSharp.String(model.Ops[id].Path)))}], {
                CSharp.String(texts.Line(op.Id))}),");
        }
        w.Outdent();
        w.Line("],");
        w.Line($"[{string.Join(", ", model.Outputs.Select(o => $"({CSharp.String(o.Name)}, {CSharp.String(model.Ops[o.OpId].Path)})"))}]);");
        w.Outdent();
    }

    /// <summary>
    /// Fills <paramref name="inputs"/> with the op's data inputs and referenced layers (unpool's pool, crop's and upsample's
    /// 'like'), each once, in that order. One list for all ops: an op has a handful, and a set per op cost more than the test.
    /// </summary>
    private static void Inputs(BoundOp op, List<int> inputs)
    {
        inputs.Clear();
        foreach (var input in op.Inputs) Add(input);
        foreach (var arg in op.Args)
        {
            if (arg.Type == ArgType.Reference && arg.Given) Add(arg.Reference);
        }

        void Add(int id)
        {
            if (!inputs.Contains(id)) inputs.Add(id);
        }
    }
}
