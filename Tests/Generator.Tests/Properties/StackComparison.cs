using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Binding;
using SegGen.Generator.Shapes;
using static SegGen.Torch.torch;

namespace SegGen.Generator.Tests.Properties;

/// <summary>
/// For one stack and a handful of input sizes (small, odd, and both sides of the contract's minimum),
/// compares the engine's verdict and shapes, the generated module's behaviour and its cost formula with libtorch's.
/// </summary>
internal sealed class StackComparison(LayerStack stack, GeneratedModels models, Random random, Findings findings)
{
    /// <summary>How far past a working rejected size to look for the same class failing again.</summary>
    private const long FarAway = 64;

    private static readonly Dictionary<string, long> NoHyperparameters = [];

    public void Run()
    {
        var check = ModelPipeline.Check(ModelPipeline.Parse("/models/" + stack.FileName, SourceText.From(stack.Yaml), default), default);
        if (check.Model is not { } model || check.Shapes is not { } shapes)
        {
            findings.StacksRefused++;
            if (models.Contains(stack.TypeName)) Disagree(0, 0, "the engine refuses the model, yet code was generated");
            foreach (var (h, w) in Sizes(null)) CompareRefused(h, w, check);
            return;
        }
        var contract = shapes.Contracts[0];
        if (contract.Height.MinimumByResidue.All(m => m >= 1)) findings.StacksAcceptingEveryResidue++;
        else findings.StacksRestrictedToResidues++;
        if (!models.Contains(stack.TypeName))
        {
            Disagree(0, 0, "the engine accepts the model, yet no code was generated");
            return;
        }
        using var module = models.Create(stack.TypeName);
        foreach (var (h, w) in Sizes(contract.Height))
        {
            if (contract.Height.Accepts(h) && contract.Width.Accepts(w)) CompareAccepted(h, w, model, shapes, module);
            else CompareRejected(h, w, contract, module);
        }
    }

    // ---- verdicts ------------------------------------------------------------------------------

    private void CompareAccepted(long h, long w, BoundModel model, ShapeResult shapes, nn.Module<Tensor, Tensor> module)
    {
        findings.AcceptedSizes++;
        var truth = ReferenceRunner.Run(stack, h, w);
        if (!truth.Works)
        {
            Disagree(h, w, $"the contract accepts this size but libtorch {truth}");
            return;
        }
        foreach (var op in model.Ops.Where(o => o.Kind != OpKind.Input))
        {
            var claimed = Evaluate(shapes.Of(op.Id), h, w);
            if (!truth.Shapes.TryGetValue(op.Path, out var actual))
            {
                Disagree(h, w, $"test bug: libtorch's run has no op '{op.Path}'");
            }
            else if (!claimed.SequenceEqual(actual))
            {
                Disagree(h, w, $"'{op.Path}' ({op.Text}): the engine says {Outcome.Text(claimed)} = {shapes.Of(op.Id).Text}, libtorch gives {Outcome.Text(actual)}");
            }
        }
        var generated = RunGenerated(module, h, w);
        if (generated is not long[] output || !output.SequenceEqual(truth.Output!))
        {
            Disagree(h, w, $"the generated module {Describe(generated)}, libtorch's output is {Outcome.Text(truth.Output!)}");
        }
        var (claimedCost, actualCost) = (models.MultiplyAccumulates(stack.TypeName, h, w), Cost(model, truth, h, w));
        if (claimedCost != actualCost) Disagree(h, w, $"MultiplyAccumulates gives {claimedCost}, libtorch's shapes give {actualCost}");
    }

    /// <summary>The (de)convolutions' multiply-accumulates from the shapes libtorch produced: weights × positions computed.</summary>
    private long Cost(BoundModel model, Outcome truth, long h, long w)
    {
        long total = 0;
        foreach (var op in model.Ops.Where(o => o.Kind is OpKind.Conv or OpKind.Deconv))
        {
            var source = model.Op(op.Inputs[0]);
            long[] input = source.Kind == OpKind.Input ? [1, stack.Channels, h, w] : truth.Shapes[source.Path];
            var output = truth.Shapes[op.Path];
            var positions = op.Kind == OpKind.Conv ? output[2] * output[3] : input[2] * input[3];
            total += input[1] * output[1] / op.Int("groups") * op.Int("k") * op.Int("k") * positions;
        }
        return total;
    }

    private void CompareRejected(long h, long w, InputContract contract, nn.Module<Tensor, Tensor> module)
    {
        findings.RejectedSizes++;
        var generated = RunGenerated(module, h, w);
        if (generated is not ArgumentException { ParamName: LayerStack.Input })
        {
            Disagree(h, w, $"the contract ({contract.Text}) rejects this size but the generated module {Describe(generated)}");
        }
        ExpectFailure(h, w, $"the contract ({contract.Text}) rejects this size");
    }

    private void CompareRefused(long h, long w, CheckResult check)
    {
        findings.RejectedSizes++;
        var errors = string.Join("; ", check.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => $"{d.Id}: {d.Message}"));
        ExpectFailure(h, w, $"the engine refuses the model ({errors})");
    }

    /// <summary>
    /// A rejected size must fail in libtorch, unless it works only sporadically: the engine decides per
    /// residue class for all large sizes, so a condition that holds at finitely many sizes rejects its class.
    /// </summary>
    private void ExpectFailure(long h, long w, string verdict)
    {
        var truth = ReferenceRunner.Run(stack, h, w);
        if (!truth.Works) return;
        var step = stack.Period * ((FarAway + stack.Period - 1) / stack.Period);
        var far = ReferenceRunner.Run(stack, h + step, w + step);
        if (far.Works) Disagree(h, w, $"{verdict}, but libtorch {truth}, and also at H={h + step}, W={w + step} (same residue class)");
        else findings.SporadicSizes++;
    }

    // ---- running -------------------------------------------------------------------------------

    /// <summary>The generated module's output shape, or the exception it threw.</summary>
    private object RunGenerated(nn.Module<Tensor, Tensor> module, long h, long w)
    {
        using var scope = NewDisposeScope();
        try
        {
            return module.forward(randn(1, stack.Channels, h, w)).shape;
        }
        catch (Exception e)
        {
            // Whatever it throws is compared with the verdict, not a failure of the test itself.
            return e;
        }
    }

    private static string Describe(object generated) => generated switch
    {
        long[] shape => $"returns {Outcome.Text(shape)}",
        Exception e => $"throws {e.GetType().Name}: {e.Message}",
        _ => generated.ToString()!,
    };

    private static long[] Evaluate(OpShape shape, long h, long w) =>
        [1, shape.Channels.Evaluate(NoHyperparameters), shape.Height.Evaluate(h), shape.Width.Evaluate(w)];

    /// <summary>Squares of a small, an odd-ish, a medium and a larger size, the contract's minimum of a random class and the size one period below it, and one non-square pair.</summary>
    private IEnumerable<(long H, long W)> Sizes(DimContract? contract)
    {
        var sizes = new SortedSet<long> { random.Next(1, 5), random.Next(5, 13), random.Next(13, 25), random.Next(25, 49) };
        if (contract is { AcceptsAny: true })
        {
            var classes = Enumerable.Range(0, (int)contract.Modulus).Where(r => contract.MinimumByResidue[r] >= 1).ToList();
            var minimum = contract.MinimumByResidue[classes[random.Next(classes.Count)]];
            sizes.Add(minimum);
            if (minimum > contract.Modulus) sizes.Add(minimum - contract.Modulus);
        }
        return sizes.Select(s => (s, s)).Append((sizes.Min, sizes.Max));
    }

    private void Disagree(long h, long w, string what) =>
        findings.Disagreements.Add(new StringBuilder()
            .AppendLine($"{stack.Name} at H={h}, W={w}: {what}")
            .Append(stack.Yaml)
            .ToString());
}
