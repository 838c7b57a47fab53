using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Emit;

// The inference side of a generated model (optimize_for_inference()): the nested PreparedWeights class, which packs
// the convolutions with what the plan fuses into them, and its forward, which runs the same ops on them as the plan says.
internal sealed partial class ModelEmitter
{
    private const string PreparedType = "PreparedWeights";

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
        var packed = plan.Packed.ToList();
        w.Line();
        w.Line($"/// <summary>Called by <c>optimize_for_inference()</c>: the prepared weights, which <c>forward</c> runs on in eval mode without gradients.</summary>");
        w.Line($"protected override global::System.IDisposable prepare_inference() => new {PreparedType}(this);");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// A snapshot of {model.Name}'s weights prepared for inference: each convolution packed for oneDNN (the weight");
        w.Line("/// reordered once, the batch norm after it folded in, a sum and a ReLU after it fused into its pass), and the");
        w.Line("/// forward on them, which keeps activations channels-last. Transposed convolutions likewise.");
        w.Line("/// </summary>");
        using (w.Block($"private sealed class {PreparedType} : {CSharp.Torch}.nn.IPreparedWeights"))
        {
            w.Line($"private readonly {model.Name} model;");
            w.Line();
            foreach (var conv in packed)
            {
                w.Line($"/// <summary><c>{CSharp.Xml(conv.Path)}</c>{CSharp.Xml(FusedText(conv))} ({texts.Line(conv.Id)}).</summary>");
                w.Line($"private readonly {PackedType(conv)} {Packed(conv)};");
                w.Line();
            }
            foreach (var chain in plan.Chains)
            {
                var direct = plan.MayUseWinograd(chain) ? "" : "; direct kernels only, as a max pool's indices are taken from its result";
                w.Line($"/// <summary>Runs {ChainText(chain)} in one call{direct}.</summary>");
                w.Line($"private readonly {ChainType} {ChainField(chain[0])};");
                w.Line();
            }
            using (w.Block($"public {PreparedType}({model.Name} model)"))
            {
                w.Line("this.model = model;");
                foreach (var conv in packed)
                {
                    var norm = plan.Norm(conv) is { } n ? $", model.{Field(n)}" : "";
                    var sum = plan.Sum(conv) is not null ? ", sum: true" : "";
                    var relu = plan.Relu(conv) is not null ? ", relu: true" : "";
                    w.Line($"this.{Packed(conv)} = new {PackedType(conv)}(model.{Field(conv)}{norm}{sum}{relu});");
                }
                foreach (var chain in plan.Chains)
                {
                    var winograd = plan.MayUseWinograd(chain) ? "" : ", winograd: false";
                    w.Line($"this.{ChainField(chain[0])} = new {ChainType}([{string.Join(", ", chain.Select(c => $"this.{Packed(c)}"))}]{winograd});");
                }
            }
            w.Line();
            ReplacedModules();
            w.Line();
            PreparedForward();
            w.Line();
            using (w.Block("public void Dispose()"))
            {
                foreach (var chain in plan.Chains) w.Line($"this.{ChainField(chain[0])}.Dispose();");
                foreach (var conv in packed) w.Line($"this.{Packed(conv)}.Dispose();");
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
            w.Line("// The model's ops in order; an op fused into a convolution names that convolution's result.");
            EachOp(op =>
            {
                PreparedStatement(op);
                PreparedRelease(op);
            });
            w.Line();
            PreparedReturn();
            self = "this";
        }
    }

    private void PreparedStatement(BoundOp op)
    {
        if (plan.Chain(op) is { } chain)
        {
            Comment(op, $", packed{FusedText(op)}; first of the chain {ChainText(chain)}");
            var handOver = HandsOverInput(op) ? ", dispose_input: true" : "";
            var contiguous = plan.GivesResult(chain) ? ", contiguous: true" : "";
            w.Line($"var {Local(chain[chain.Count - 1].Id)} = this.{ChainField(op)}.forward({Local(op.Inputs[0])}{handOver}{contiguous});");
        }
        else if (plan.ChainedBy(op) is { } first)
        {
            Comment(op, $": in the chain from {first.Path}");
        }
        else if (InferencePlan.IsPacked(op))
        {
            Comment(op, $", packed{FusedText(op)}");
            var accumulate = plan.Sum(op) is { } sum ? $", {Local(sum.Accumulate)}" : "";
            w.Line($"var {Local(op.Id)} = this.{Packed(op)}.forward({Local(op.Inputs[0])}{accumulate});");
        }
        else if (plan.FusedInto(op) is { } conv)
        {
            Comment(op, $": fused into {conv.Path}");
            w.Line($"var {Local(op.Id)} = {Local(plan.Continued(op))};");
        }
        else if (plan.RunsInPlace(op))
        {
            Comment(op, $", in place ({Local(op.Inputs[0])} dies here)");
            w.Line($"var {Local(op.Id)} = {Local(op.Inputs[0])}.relu_();");
        }
        else
        {
            Statement(op);
        }
    }

    /// <summary>What a packed convolution's pass does besides the convolution, for comments.</summary>
    private string FusedText(BoundOp conv)
    {
        var parts = new List<string>();
        if (plan.Norm(conv) is { } norm) parts.Add($"{norm.Path} folded in");
        if (plan.Sum(conv) is { } sum) parts.Add($"{sum.Add.Path} summed onto {model.Ops[sum.Accumulate].Path}");
        if (plan.Relu(conv) is { } relu) parts.Add($"{relu.Path} fused");
        return parts.Count == 0 ? "" : " with " + string.Join(", ", parts);
    }

    /// <summary>A chain of passes, for comments: "body.0 … body.27 (10 convolutions)".</summary>
    private static string ChainText(IReadOnlyList<BoundOp> chain) => $"{chain[0].Path} … {chain[chain.Count - 1].Path} ({chain.Count} convolutions)";

    /// <summary>Disposes what dies at <paramref name="op"/> (a chain disposes the input it is handed itself).</summary>
    private void PreparedRelease(BoundOp op)
    {
        var handedOver = HandsOverInput(op) ? op.Inputs[0] : -1;
        foreach (var id in lifetimes.ValuesEndingAt(op.Id))
        {
            if (id != handedOver && IsReleased(id)) w.Line($"{Local(id)}.Dispose();");
        }
        foreach (var id in lifetimes.IndicesEndingAt(op.Id)) w.Line($"{IndicesLocal(id)}.Dispose();");
    }

    /// <summary>Whether a chain's first convolution takes its input over: it dies there, so the chain frees it after that convolution.</summary>
    private bool HandsOverInput(BoundOp op) =>
        plan.Chain(op) is not null && lifetimes.ValuesEndingAt(op.Id).Contains(op.Inputs[0]) && IsReleased(op.Inputs[0]);

    /// <summary>
    /// Whether the tensor of a value that dies here is disposed under its name: not living on as another's, and existing
    /// outside a chain's call.
    /// </summary>
    private bool IsReleased(int valueId) => IsIntermediate(valueId) && !plan.Continues(valueId) && !plan.InsideChain(valueId);

    /// <summary>Results leave in the contiguous layout, as the ordinary forward gives them.</summary>
    private void PreparedReturn()
    {
        var results = model.Outputs.Select(o => o.OpId).Distinct().Where(MadeContiguous).ToList();
        foreach (var id in results)
        {
            w.Line($"var {Local(id)}_contiguous = {Local(id)}.contiguous();");
            w.Line($"{Local(id)}.Dispose();");
        }
        Return(id => MadeContiguous(id) ? $"{Local(id)}_contiguous" : Local(id));
    }

    /// <summary>Whether a result is made contiguous before it leaves: neither a model input nor a chain's contiguous result.</summary>
    private bool MadeContiguous(int id) => IsIntermediate(id) && !plan.IsContiguousResult(id);

    private static string Packed(BoundOp conv) => conv.FieldName + "_packed";

    private static string ChainField(BoundOp first) => first.FieldName + "_chain";

    private const string ChainType = CSharp.Modules + ".PackedConvolutionChain";

    private static string PackedType(BoundOp conv) => $"{CSharp.Modules}.{(conv.Kind == OpKind.Conv ? "PackedConv2d" : "PackedConvTranspose2d")}";
}
