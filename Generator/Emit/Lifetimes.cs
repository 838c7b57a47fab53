using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Binding;

namespace SegGen.Generator.Emit;

/// <summary>
/// When each intermediate tensor is used for the last time, so generated code disposes it right there.
/// A max pool has two results (values and indices) with separate lifetimes.
/// </summary>
internal sealed class Lifetimes
{
    private readonly Dictionary<int, int> lastValueUse = [];
    private readonly Dictionary<int, int> lastIndicesUse = [];

    // Grouped by the op where they end and sorted, once: the emitter asks at every op of both forwards (and the
    // inference plan at every add and ReLU), so neither a scan nor a sort belongs in the question.
    private readonly Dictionary<int, int[]> valuesEndingAt;
    private readonly Dictionary<int, int[]> indicesEndingAt;

    public Lifetimes(BoundModel model)
    {
        foreach (var op in model.Ops)
        {
            foreach (var input in op.Inputs) lastValueUse[input] = op.Id;
            foreach (var arg in op.Args.Where(a => a.Type == ArgType.Reference && a.Given))
            {
                // unpool reads its pool's indices; crop and upsample read only the size of 'like'.
                if (op.Kind == OpKind.Unpool) lastIndicesUse[arg.Reference] = op.Id;
                else lastValueUse[arg.Reference] = op.Id;
            }
        }
        // Outputs live on past forward.
        foreach (var output in model.Outputs) lastValueUse[output.OpId] = int.MaxValue;
        valuesEndingAt = ByLastUse(lastValueUse);
        indicesEndingAt = ByLastUse(lastIndicesUse);
    }

    private static Dictionary<int, int[]> ByLastUse(Dictionary<int, int> lastUse)
    {
        var ending = new Dictionary<int, List<int>>();
        foreach (var use in lastUse)
        {
            if (!ending.TryGetValue(use.Value, out var ids)) ending[use.Value] = ids = [];
            ids.Add(use.Key);
        }
        var sorted = new Dictionary<int, int[]>(ending.Count);
        foreach (var end in ending)
        {
            var ids = end.Value.ToArray();
            System.Array.Sort(ids);
            sorted[end.Key] = ids;
        }
        return sorted;
    }

    /// <summary>Ops whose value dies at <paramref name="opId"/>.</summary>
    public IReadOnlyList<int> ValuesEndingAt(int opId) => valuesEndingAt.TryGetValue(opId, out var ids) ? ids : [];

    /// <summary>Pools whose indices die at <paramref name="opId"/>.</summary>
    public IReadOnlyList<int> IndicesEndingAt(int opId) => indicesEndingAt.TryGetValue(opId, out var ids) ? ids : [];

    public bool ValueUsed(int opId) => lastValueUse.ContainsKey(opId);

    public bool IndicesUsed(int opId) => lastIndicesUse.ContainsKey(opId);
}
