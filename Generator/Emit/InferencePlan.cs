using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Emit;

/// <summary>Where a value lives in the prepared forward: libtorch's ordinary strided layout or oneDNN's blocked one.</summary>
internal enum Layout { Dense, Blocked }

/// <summary>
/// What <c>optimize_for_inference()</c> changes in a model's forward, decided from the graph: which batch norms fold
/// into the convolution before them (the convolution's output feeds nothing else), which ReLUs run in place (their
/// input dies there and no view of it lives on), and in which layout each value is kept. Every convolution runs packed
/// (weights reordered once) on blocked input and gives a blocked result; ReLU, max pooling without indices and sums of
/// blocked values keep the blocked layout; every other op reads dense values, so an op the plan does not know (a new
/// op kind included) gets dense operands and stays correct.
/// </summary>
internal sealed class InferencePlan
{
    private readonly BoundModel model;
    private readonly Dictionary<int, Layout> stored = [];
    private readonly Dictionary<int, int> foldedInto = [];
    private readonly HashSet<int> inPlace = [];
    private readonly ILookup<int, BoundOp> consumers;
    // Grouped by the op that reads them last, once: the emitter asks at every op.
    private readonly ILookup<int, (int Value, Layout Layout)> copiesEndingAt;

    public InferencePlan(BoundModel model, Lifetimes lifetimes)
    {
        this.model = model;
        consumers = model.Ops.SelectMany(o => o.Inputs.Concat(References(o)).Distinct().Select(v => (v, o))).ToLookup(p => p.v, p => p.o);
        var lastCopyRead = new Dictionary<(int Value, Layout Layout), int>();
        foreach (var op in model.Ops)
        {
            if (op.Kind == OpKind.BatchNorm && Foldable(op)) foldedInto[op.Inputs[0]] = op.Id;
            if (op.Kind == OpKind.Relu && CanOverwrite(op.Inputs[0], op.Id, lifetimes)) inPlace.Add(op.Id);
            stored[op.Id] = Produces(op);
            foreach (var id in op.Inputs.Where(i => stored[i] != Reads(op))) lastCopyRead[(id, Reads(op))] = op.Id;
        }
        // The results' dense copies are what forward returns.
        foreach (var output in model.Outputs) lastCopyRead.Remove((output.OpId, Layout.Dense));
        copiesEndingAt = lastCopyRead.ToLookup(c => c.Value, c => c.Key);
    }

    /// <summary>The convolutions the prepared weights pack, each with the batch norm folded into it, if any.</summary>
    public IEnumerable<(BoundOp Conv, BoundOp? Norm)> PackedConvolutions =>
        model.Ops.Where(o => o.Kind == OpKind.Conv).Select(c => (c, foldedInto.TryGetValue(c.Id, out var n) ? model.Ops[n] : null));

    /// <summary>The ops whose modules' weights the packed convolutions replace (each convolution, then the batch norm folded into it): the prepared forward never reads them.</summary>
    public IEnumerable<BoundOp> Replaced => PackedConvolutions.SelectMany(p => p.Norm is null ? [p.Conv] : new[] { p.Conv, p.Norm });

    /// <summary>The convolution a batch norm is folded into, or null.</summary>
    public BoundOp? FoldedConvolution(BoundOp norm) => norm.Kind == OpKind.BatchNorm && foldedInto.ContainsKey(norm.Inputs[0]) && foldedInto[norm.Inputs[0]] == norm.Id
        ? model.Ops[norm.Inputs[0]]
        : null;

    public bool RunsInPlace(BoundOp op) => inPlace.Contains(op.Id);

    /// <summary>Whether a value's tensor lives on as another's (a folded convolution's as its batch norm's, an in-place ReLU's input as its result), so it is not disposed under its own name.</summary>
    public bool Continues(int valueId) =>
        foldedInto.ContainsKey(valueId) || consumers[valueId].Any(c => inPlace.Contains(c.Id));

    public Layout Stored(int valueId) => stored[valueId];

    /// <summary>Whether <paramref name="op"/> is the only op that reads or refers to the value (and it is no result): its copy can replace it.</summary>
    public bool OnlyReader(int valueId, BoundOp op) => consumers[valueId].All(c => c.Id == op.Id) && model.Outputs.All(o => o.OpId != valueId);

    /// <summary>The copies in another layout that <paramref name="opId"/> is the last to read (made before the first op that reads them).</summary>
    public IEnumerable<(int Value, Layout Layout)> CopiesEndingAt(int opId) => copiesEndingAt[opId].OrderBy(c => c.Value);

    /// <summary>The layout <paramref name="op"/> reads its data operands in.</summary>
    public Layout Reads(BoundOp op) =>
        op.Kind == OpKind.Conv || FoldedConvolution(op) is not null ? Layout.Blocked : KeepsLayout(op) ? stored[op.Inputs[0]] : Layout.Dense;

    private Layout Produces(BoundOp op) => op.Kind == OpKind.Input ? Layout.Dense : Reads(op);

    /// <summary>Ops whose blocked kernels libtorch 1.13 has, given blocked operands: the result is blocked too.</summary>
    private bool KeepsLayout(BoundOp op) => op.Kind switch
    {
        OpKind.Relu or OpKind.BlockInput => true,
        // oneDNN's pooling gives no indices and takes no dilation.
        OpKind.MaxPool => !op.Flag("indices") && op.Int("dilation") == 1 && stored[op.Inputs[0]] == Layout.Blocked,
        OpKind.Add => op.Inputs.All(i => stored[i] == Layout.Blocked),
        _ => false,
    };

    private bool Foldable(BoundOp norm)
    {
        var source = model.Ops[norm.Inputs[0]];
        return source.Kind == OpKind.Conv && consumers[source.Id].Count() == 1 && model.Outputs.All(o => o.OpId != source.Id);
    }

    /// <summary>
    /// A ReLU may overwrite its input when the input dies at it, is a tensor of its own, and every op reading it made a
    /// new tensor (so no view of it lives on). Model inputs, a used model's input (an alias), crops (views), eval-mode
    /// dropout (which returns its input) and any op kind not listed here are assumed to share.
    /// </summary>
    private bool CanOverwrite(int valueId, int reluId, Lifetimes lifetimes) =>
        lifetimes.ValuesEndingAt(reluId).Contains(valueId)
        && MakesANewTensor(model.Ops[valueId])
        && consumers[valueId].All(MakesANewTensor);

    private static bool MakesANewTensor(BoundOp op) =>
        op.Kind is OpKind.Conv or OpKind.Deconv or OpKind.BatchNorm or OpKind.Relu or OpKind.MaxPool or OpKind.AvgPool or OpKind.Unpool
            or OpKind.Gap or OpKind.Upsample or OpKind.Scale or OpKind.Add or OpKind.Concat or OpKind.Softmax;

    /// <summary>The values an op refers to besides its inputs (crop's and upsample's <c>like</c>); unpool's pool gives it indices, not the value.</summary>
    private static IEnumerable<int> References(BoundOp op) =>
        op.Kind == OpKind.Unpool ? [] : op.Args.Where(a => a.Type == ArgType.Reference && a.Given).Select(a => a.Reference);
}
