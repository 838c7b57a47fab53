using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Emit;

// The inference side of a generated model (optimize_for_inference()): the nested PreparedWeights class, which packs
// the convolutions with their batch norms folded in, and its forward, which runs the same ops on them as the plan says.
internal sealed partial class ModelEmitter
{
    private const string PreparedType = "PreparedWeights";

    // Layout copies the prepared forward has made so far: each is made once, before its first reader.
    private readonly HashSet<(int Value, Layout Layout)> made = [];

    // Values freed as soon as their copy was made (their one reader reads the copy).
    private readonly HashSet<int> replaced = [];

    private string Arguments => string.Join(", ", model.Inputs.Select(i => CSharp.Identifier(i.Name)));

    private void PreparedBranch()
    {
        w.Line("// After optimize_for_inference(), eval mode without gradients runs on the prepared weights.");
        using (w.Block($"if (this.inference_state is {PreparedType} && !this.training && !{CSharp.Torch}.is_grad_enabled())"))
        {
            w.Line($"return (({PreparedType})this.inference_state).forward({Arguments});");
        }
        w.Line("this.check_weights_held(\"forward\");");
    }

    private void PreparedWeights()
    {
        var packed = plan.PackedConvolutions.ToList();
        w.Line();
        w.Line($"/// <summary>Called by <c>optimize_for_inference()</c>: the prepared weights, which <c>forward</c> runs on in eval mode without gradients.</summary>");
        w.Line($"protected override global::System.IDisposable prepare_inference() => new {PreparedType}(this);");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// A snapshot of {model.Name}'s weights prepared for inference: each convolution packed (the batch norm after it folded in,");
        w.Line("/// the weight reordered once into oneDNN's blocked layout), and the forward that keeps activations in that layout");
        w.Line("/// between the ops that take it, converting to the dense layout before the others and for the results.");
        w.Line("/// </summary>");
        using (w.Block($"private sealed class {PreparedType} : {CSharp.Torch}.nn.IPreparedWeights"))
        {
            w.Line($"private readonly {model.Name} model;");
            w.Line();
            foreach (var (conv, norm) in packed)
            {
                w.Line($"/// <summary><c>{CSharp.Xml(conv.Path)}</c>{(norm is null ? "" : $" with <c>{CSharp.Xml(norm.Path)}</c> folded in")} ({conv.Location.ShortText}).</summary>");
                w.Line($"private readonly {CSharp.Modules}.PackedConv2d {Packed(conv)};");
                w.Line();
            }
            using (w.Block($"public {PreparedType}({model.Name} model)"))
            {
                w.Line("this.model = model;");
                foreach (var (conv, norm) in packed)
                {
                    w.Line($"this.{Packed(conv)} = new {CSharp.Modules}.PackedConv2d(model.{Field(conv)}{(norm is null ? "" : $", model.{Field(norm)}")});");
                }
            }
            w.Line();
            ReplacedModules();
            w.Line();
            PreparedForward();
            w.Line();
            using (w.Block("public void Dispose()"))
            {
                foreach (var (conv, _) in packed) w.Line($"this.{Packed(conv)}.Dispose();");
            }
        }
    }

    /// <summary>The modules the packed convolutions replace, which optimize_for_inference(release_weights: true) frees.</summary>
    private void ReplacedModules()
    {
        const string module = CSharp.Torch + ".nn.Module";
        w.Line("/// <summary>The modules whose weights the packed convolutions replace: <c>optimize_for_inference(release_weights: true)</c> frees them.</summary>");
        w.Line($"public global::System.Collections.Generic.IEnumerable<{module}> replaced => new {module}[]");
        w.Line("{");
        foreach (var op in plan.Replaced) w.Line($"    this.model.{Field(op)},");
        w.Line("};");
    }

    private void PreparedForward()
    {
        var inputs = model.Inputs.Select(i => $"{InputType} {CSharp.Identifier(i.Name)}");
        w.Line($"/// <summary>{model.Name}'s forward on the prepared weights; the model's forward has checked the inputs.</summary>");
        using (w.Block($"public {ResultType} forward({string.Join(", ", inputs)})"))
        {
            self = "this.model";
            w.Line("// The model's ops in order; a copy in another layout (_mkldnn, _dense) is made before the first op that reads it and freed after the last.");
            EachOp(op =>
            {
                PreparedStatement(op);
                PreparedRelease(op);
            });
            w.Line();
            PreparedReturn();
            (self, operand) = ("this", Local);
        }
    }

    private void PreparedStatement(BoundOp op)
    {
        var reads = plan.Reads(op);
        foreach (var id in op.Inputs.Distinct().Where(id => plan.Stored(id) != reads))
        {
            Copy(id, reads);
            // Read only here, and only as the copy: freed now rather than after the op, so the two never wait side by side.
            if (IsIntermediate(id) && plan.OnlyReader(id, op) && replaced.Add(id)) w.Line($"{Local(id)}.Dispose();");
        }
        operand = id => plan.Stored(id) == reads ? Local(id) : CopyLocal(id, reads);
        if (op.Kind == OpKind.Conv)
        {
            var norm = plan.PackedConvolutions.First(p => p.Conv.Id == op.Id).Norm;
            w.Line($"{Comment(op)}, packed{(norm is null ? "" : $" with {norm.Path} folded in")}");
            w.Line($"var {Local(op.Id)} = this.{Packed(op)}.forward({operand(op.Inputs[0])});");
        }
        else if (plan.FoldedConvolution(op) is { } conv)
        {
            w.Line($"{Comment(op)}: folded into {conv.Path}");
            w.Line($"var {Local(op.Id)} = {Local(conv.Id)};");
        }
        else if (plan.RunsInPlace(op))
        {
            w.Line($"{Comment(op)}, in place ({Local(op.Inputs[0])} dies here)");
            w.Line($"var {Local(op.Id)} = {Local(op.Inputs[0])}.relu_();");
        }
        else
        {
            Statement(op);
        }
    }

    /// <summary>Disposes what dies at <paramref name="op"/>: layout copies after their last reader, values whose tensor does not live on as another's.</summary>
    private void PreparedRelease(BoundOp op)
    {
        foreach (var (id, layout) in plan.CopiesEndingAt(op.Id)) w.Line($"{CopyLocal(id, layout)}.Dispose();");
        foreach (var id in lifetimes.ValuesEndingAt(op.Id).Where(id => IsIntermediate(id) && !plan.Continues(id) && !replaced.Contains(id))) w.Line($"{Local(id)}.Dispose();");
        foreach (var id in lifetimes.IndicesEndingAt(op.Id)) w.Line($"{IndicesLocal(id)}.Dispose();");
    }

    /// <summary>Results leave in the dense layout; blocked ones are converted and their blocked tensors freed.</summary>
    private void PreparedReturn()
    {
        foreach (var id in model.Outputs.Select(o => o.OpId).Distinct().Where(id => plan.Stored(id) == Layout.Blocked))
        {
            Copy(id, Layout.Dense);
            w.Line($"{Local(id)}.Dispose();");
        }
        Return(id => plan.Stored(id) == Layout.Dense ? Local(id) : CopyLocal(id, Layout.Dense));
    }

    private void Copy(int id, Layout layout)
    {
        if (!made.Add((id, layout))) return;
        w.Line($"var {CopyLocal(id, layout)} = {Local(id)}.{(layout == Layout.Blocked ? "to_mkldnn" : "to_dense")}();");
    }

    private string CopyLocal(int id, Layout layout) => LocalName(id) + (layout == Layout.Blocked ? "_mkldnn" : "_dense");

    private static string Packed(BoundOp conv) => conv.FieldName + "_packed";
}
