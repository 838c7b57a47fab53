using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Emit;

/// <summary>
/// What <c>optimize_for_inference()</c> changes in a model's forward, decided from the graph. Every convolution (and
/// transposed convolution whose output padding oneDNN takes) runs packed (oneDNN directly, channels-last) and takes
/// into its own pass what follows it when nothing else reads the value in between: the batch norm after it (folded
/// into its weights), an add of its result and a tensor that dies there (summed onto that tensor in place), and then
/// a ReLU. Other ReLUs run in place where their input dies. A straight run of such passes, each reading only the
/// one before, whose values nothing else reads, runs as one chain (one native call, no managed tensor per pass). Every
/// other op runs as in the ordinary forward, on channels-last tensors, which all of libtorch's ops take.
/// </summary>
internal sealed class InferencePlan
{
    private readonly BoundModel model;
    private readonly Lifetimes lifetimes;
    // The ops reading each value, each once: built in one pass, as the plan asks at every op.
    private readonly Dictionary<int, List<BoundOp>> consumers = [];

    // The convolution each fused op (folded batch norm, add, ReLU) joined; the op's value is the convolution's result.
    private readonly Dictionary<int, BoundOp> fusedInto = [];
    private readonly Dictionary<int, BoundOp> norms = [];
    private readonly Dictionary<int, (BoundOp Add, int Accumulate)> sums = [];
    private readonly Dictionary<int, BoundOp> relus = [];
    private readonly HashSet<int> inPlace = [];

    // Chains of passes by their first convolution; the first convolution of the chain computing each later one.
    private readonly Dictionary<int, IReadOnlyList<BoundOp>> chains = [];
    private readonly Dictionary<int, BoundOp> chainedBy = [];
    // Values a chain computes without a tensor the forward holds: every pass's but the last, with their fused ops'.
    private readonly HashSet<int> insideChains = [];
    // Model results that chains write contiguous, as results leave (nothing else reads them).
    private readonly HashSet<int> contiguousResults = [];

    public InferencePlan(BoundModel model, Lifetimes lifetimes)
    {
        this.model = model;
        this.lifetimes = lifetimes;
        foreach (var op in model.Ops)
        {
            foreach (var input in op.Inputs) AddReader(input, op);
            // The values an op refers to besides its inputs (crop's and upsample's 'like'); unpool's pool gives it indices, not the value.
            if (op.Kind == OpKind.Unpool) continue;
            foreach (var arg in op.Args)
            {
                if (arg.Type == ArgType.Reference && arg.Given) AddReader(arg.Reference, op);
            }
        }
        foreach (var op in model.Ops)
        {
            switch (op.Kind)
            {
                case OpKind.BatchNorm when ChainEnd(op.Inputs[0]) is { } conv && conv.Id == op.Inputs[0]:
                    Fuse(op, conv, norms);
                    break;
                case OpKind.Add when SumOnto(op) is { } fused:
                    fusedInto[op.Id] = fused.Conv;
                    sums[fused.Conv.Id] = (op, fused.Accumulate);
                    break;
                case OpKind.Relu when ChainEnd(op.Inputs[0]) is { } conv && !relus.ContainsKey(conv.Id):
                    Fuse(op, conv, relus);
                    break;
                case OpKind.Relu when CanOverwrite(op.Inputs[0], op.Id):
                    inPlace.Add(op.Id);
                    break;
            }
        }
        foreach (var conv in Packed.Where(c => !chainedBy.ContainsKey(c.Id)))
        {
            var chain = ChainFrom(conv);
            if (chain.Count < 2) continue;
            chains[conv.Id] = chain;
            var result = PassEnd(chain[chain.Count - 1]);
            if (!IsNoResult(result) && Readers(result).Count == 0) contiguousResults.Add(result);
            foreach (var member in chain.Skip(1)) chainedBy[member.Id] = conv;
            foreach (var member in chain.Take(chain.Count - 1))
            {
                insideChains.Add(member.Id);
                foreach (var fused in FusedOps(member))
                {
                    insideChains.Add(fused.Id);
                    chainedBy[fused.Id] = conv;
                }
            }
        }
    }

    /// <summary>The (transposed) convolutions the prepared weights pack, in graph order.</summary>
    public IEnumerable<BoundOp> Packed => model.Ops.Where(IsPacked);

    /// <summary>
    /// Every convolution, and every transposed convolution whose output padding does not exceed its padding (oneDNN
    /// takes output padding as less padding at the far end).
    /// </summary>
    public static bool IsPacked(BoundOp op) => op.Kind == OpKind.Conv || (op.Kind == OpKind.Deconv && op.Int("output_pad") <= op.Int("pad"));

    /// <summary>The batch norm folded into <paramref name="conv"/>, or null.</summary>
    public BoundOp? Norm(BoundOp conv) => norms.TryGetValue(conv.Id, out var norm) ? norm : null;

    /// <summary>The add whose result <paramref name="conv"/> sums onto the add's other operand (which it overwrites), or null.</summary>
    public (BoundOp Add, int Accumulate)? Sum(BoundOp conv) => sums.TryGetValue(conv.Id, out var sum) ? sum : null;

    /// <summary>The ReLU fused into <paramref name="conv"/>, or null.</summary>
    public BoundOp? Relu(BoundOp conv) => relus.TryGetValue(conv.Id, out var relu) ? relu : null;

    /// <summary>The convolution whose pass computes <paramref name="op"/> (a folded batch norm, a summing add, a fused ReLU), or null.</summary>
    public BoundOp? FusedInto(BoundOp op) => fusedInto.TryGetValue(op.Id, out var conv) ? conv : null;

    /// <summary>For an op fused into a convolution's pass, the input whose tensor it continues (the pass's value so far); else -1.</summary>
    public int Continued(BoundOp op)
    {
        if (!fusedInto.TryGetValue(op.Id, out var conv)) return -1;
        foreach (var input in op.Inputs)
        {
            if (ChainOf(input) == conv.Id) return input;
        }
        throw new System.InvalidOperationException($"'{op.Path}' is fused into '{conv.Path}' but reads nothing it computes");
    }

    /// <summary>The ops whose modules' weights the packed (transposed) convolutions replace (each convolution, then the batch norm folded into it): the prepared forward never reads them.</summary>
    public IEnumerable<BoundOp> Replaced => Packed.SelectMany(c => Norm(c) is { } norm ? new[] { c, norm } : [c]);

    public bool RunsInPlace(BoundOp op) => inPlace.Contains(op.Id);

    /// <summary>The passes of the chain <paramref name="conv"/> begins, in order (two or more), or null.</summary>
    public IReadOnlyList<BoundOp>? Chain(BoundOp conv) => chains.TryGetValue(conv.Id, out var chain) ? chain : null;

    /// <summary>Every chain, each by its passes in order.</summary>
    public IEnumerable<IReadOnlyList<BoundOp>> Chains => chains.Values;

    /// <summary>
    /// Whether a chain's 3×3 convolutions may run as Winograd's kernel, which rounds differently from the direct one
    /// (≈ 1e-6 relative): not when its result feeds a max pool whose indices are used (through a block's input, a
    /// dropout or a crop too), as there a near-tie between pooled values would decide where an unpool puts them (a
    /// jump, not a rounding difference).
    /// </summary>
    public bool MayUseWinograd(IReadOnlyList<BoundOp> chain) => !FeedsPoolIndices(PassEnd(chain[chain.Count - 1]));

    /// <summary>Whether a max pool whose indices are used reads the value, directly or through ops that pass it on.</summary>
    private bool FeedsPoolIndices(int valueId) =>
        Readers(valueId).Any(r => r.Kind == OpKind.MaxPool ? lifetimes.IndicesUsed(r.Id)
            : r.Kind is OpKind.BlockInput or OpKind.Dropout or OpKind.Crop && r.Inputs[0] == valueId && FeedsPoolIndices(r.Id));

    /// <summary>Whether a chain's result is a model result nothing reads, so the chain can write it contiguous.</summary>
    public bool GivesResult(IReadOnlyList<BoundOp> chain) => contiguousResults.Contains(PassEnd(chain[chain.Count - 1]));

    /// <summary>Whether a result comes out of a chain already contiguous (<see cref="GivesResult"/>).</summary>
    public bool IsContiguousResult(int valueId) => contiguousResults.Contains(valueId);

    /// <summary>For an op a chain's call computes besides its first convolution, that convolution; else null.</summary>
    public BoundOp? ChainedBy(BoundOp op) => chainedBy.TryGetValue(op.Id, out var first) ? first : null;

    /// <summary>Whether a value exists only inside a chain's call (so the forward neither names nor disposes it).</summary>
    public bool InsideChain(int valueId) => insideChains.Contains(valueId);

    /// <summary>Whether a value's tensor lives on as another's (a fused op's, an in-place ReLU's result), so it is not disposed under its own name.</summary>
    public bool Continues(int valueId)
    {
        // Asked for every value the prepared forward releases: a loop, not a delegate per question.
        foreach (var reader in Readers(valueId))
        {
            if (inPlace.Contains(reader.Id) || Continued(reader) == valueId) return true;
        }
        return false;
    }

    private void Fuse(BoundOp op, BoundOp conv, Dictionary<int, BoundOp> fused)
    {
        fusedInto[op.Id] = conv;
        fused[conv.Id] = op;
    }

    /// <summary>
    /// The passes from <paramref name="conv"/> on, each the next one's only input while nothing else reads it and it
    /// is no result, none adding onto a tensor (a chain passes on one tensor).
    /// </summary>
    private List<BoundOp> ChainFrom(BoundOp conv)
    {
        var chain = new List<BoundOp>();
        for (var pass = conv; pass is not null && !sums.ContainsKey(pass.Id); pass = Next(pass)) chain.Add(pass);
        return chain;

        BoundOp? Next(BoundOp pass)
        {
            var end = PassEnd(pass);
            var readers = Readers(end);
            return readers.Count == 1 && IsNoResult(end) && IsPacked(readers[0]) && readers[0].Inputs[0] == end ? readers[0] : null;
        }
    }

    /// <summary>The value <paramref name="conv"/>'s pass gives: its last fused op's, or its own.</summary>
    private int PassEnd(BoundOp conv) => FusedOps(conv).LastOrDefault()?.Id ?? conv.Id;

    /// <summary>The ops fused into <paramref name="conv"/>'s pass, in order (batch norm, then ReLU: no chain sums).</summary>
    private IEnumerable<BoundOp> FusedOps(BoundOp conv) => new[] { Norm(conv), Relu(conv) }.OfType<BoundOp>();

    /// <summary>The convolution whose pass computes <paramref name="valueId"/> (itself, if a convolution), or -1.</summary>
    private int ChainOf(int valueId) =>
        IsPacked(model.Ops[valueId]) ? valueId : fusedInto.TryGetValue(valueId, out var conv) ? conv.Id : -1;

    /// <summary>
    /// The convolution whose pass computes <paramref name="valueId"/> and can take in its one reader: nothing else reads
    /// the value, it is no result, and no ReLU ends the pass yet (a ReLU is the last thing a pass can do).
    /// </summary>
    private BoundOp? ChainEnd(int valueId)
    {
        var conv = ChainOf(valueId);
        return conv >= 0 && !relus.ContainsKey(conv) && Readers(valueId).Count == 1 && IsNoResult(valueId) ? model.Ops[conv] : null;
    }

    /// <summary>
    /// An add of two values of which one ends a convolution's pass (<see cref="ChainEnd"/>) and the other can be
    /// overwritten by that convolution: it exists before the convolution runs, nothing reads it after the convolution
    /// but this add, and its tensor is its own. With two candidates, the later convolution takes the sum.
    /// </summary>
    private (BoundOp Conv, int Accumulate)? SumOnto(BoundOp add)
    {
        if (add.Inputs.Count != 2 || add.Inputs[0] == add.Inputs[1]) return null;
        return add.Inputs
            .Select((value, i) => (Conv: ChainEnd(value), Accumulate: add.Inputs[1 - i]))
            .Where(c => c.Conv is not null && !sums.ContainsKey(c.Conv.Id) && c.Accumulate < c.Conv.Id
                && Readers(c.Accumulate).All(r => r.Id == add.Id || r.Id < c.Conv.Id)
                && lifetimes.ValuesEndingAt(add.Id).Contains(c.Accumulate) && Owned(c.Accumulate))
            .OrderByDescending(c => c.Conv!.Id)
            .Select(c => ((BoundOp Conv, int Accumulate)?)(c.Conv!, c.Accumulate))
            .FirstOrDefault();
    }

    private IReadOnlyList<BoundOp> Readers(int valueId) => consumers.TryGetValue(valueId, out var readers) ? readers : [];

    private bool IsNoResult(int valueId) => model.Outputs.All(o => o.OpId != valueId);

    /// <summary>
    /// A ReLU may overwrite its input when the input dies at it and its tensor is its own (<see cref="Owned"/>).
    /// </summary>
    private bool CanOverwrite(int valueId, int reluId) => lifetimes.ValuesEndingAt(reluId).Contains(valueId) && Owned(valueId);

    /// <summary>
    /// Whether a value's tensor is its own: a new tensor (or a used model's alias of one whose only reader is the alias),
    /// no result, and every op reading it makes a new tensor (so no view of it lives on). Model inputs, crops (views),
    /// eval-mode dropout (which returns its input) and any op kind not listed here are assumed to share.
    /// </summary>
    private bool Owned(int valueId) => OwnTensor(valueId) && IsNoResult(valueId) && Readers(valueId).All(MakesANewTensor);

    private bool OwnTensor(int valueId)
    {
        var op = model.Ops[valueId];
        return op.Kind == OpKind.BlockInput
            ? Readers(op.Inputs[0]).Count == 1 && IsNoResult(op.Inputs[0]) && OwnTensor(op.Inputs[0])
            : MakesANewTensor(op);
    }

    private static bool MakesANewTensor(BoundOp op) =>
        op.Kind is OpKind.Conv or OpKind.Deconv or OpKind.BatchNorm or OpKind.Relu or OpKind.MaxPool or OpKind.AvgPool or OpKind.Unpool
            or OpKind.Gap or OpKind.Upsample or OpKind.Scale or OpKind.Add or OpKind.Concat or OpKind.Softmax;

    private void AddReader(int value, BoundOp op)
    {
        if (!consumers.TryGetValue(value, out var readers)) consumers[value] = readers = [];
        // An op that reads a value twice (add(x, x)) is already its last reader: it counts once.
        if (readers.Count == 0 || readers[readers.Count - 1].Id != op.Id) readers.Add(op);
    }
}
