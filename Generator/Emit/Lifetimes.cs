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

    // Grouped by the op where they end, once: the emitter asks at every op, and a scan each time is quadratic in the graph.
    private readonly ILookup<int, int> valuesEndingAt;
    private readonly ILookup<int, int> indicesEndingAt;

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
        valuesEndingAt = lastValueUse.ToLookup(u => u.Value, u => u.Key);
        indicesEndingAt = lastIndicesUse.ToLookup(u => u.Value, u => u.Key);
    }

    /// <summary>Ops whose value dies at <paramref name="opId"/>.</summary>
    public IEnumerable<int> ValuesEndingAt(int opId) => valuesEndingAt[opId].OrderBy(id => id);

    /// <summary>Pools whose indices die at <paramref name="opId"/>.</summary>
    public IEnumerable<int> IndicesEndingAt(int opId) => indicesEndingAt[opId].OrderBy(id => id);

    public bool ValueUsed(int opId) => lastValueUse.ContainsKey(opId);

    public bool IndicesUsed(int opId) => lastIndicesUse.ContainsKey(opId);
}
