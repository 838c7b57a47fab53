using System;
using System.Collections.Generic;
using System.Linq;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// Reading and writing the entries of optimizer and scheduler state dicts. Numbers are stored as
/// tensors (float64 for hyper-parameters and learning rates, so they round-trip exactly) so that a
/// whole state dict can be written to safetensors beside the model's.
/// </summary>
internal static class StateDictEntries
{
    public static Tensor Scalar(double value) => tensor(value);

    public static Tensor Vector(IEnumerable<double> values) => tensor(values.ToArray());

    public static Tensor Required(IReadOnlyDictionary<string, Tensor> source, string key, string owner) =>
        source.TryGetValue(key, out var value) ? value : throw new TorchException($"cannot load the state of {owner}: it has no entry '{key}'");

    public static double ReadScalar(IReadOnlyDictionary<string, Tensor> source, string key, string owner) =>
        Required(source, key, owner).item<double>();

    public static double[] ReadVector(IReadOnlyDictionary<string, Tensor> source, string key, string owner)
    {
        using var values = Required(source, key, owner).to(ScalarType.Float64);
        return values.ToArray<double>();
    }

    /// <summary>The entries whose key starts with <paramref name="prefix"/>, with the prefix removed.</summary>
    public static Dictionary<string, Tensor> Under(IReadOnlyDictionary<string, Tensor> source, string prefix) =>
        source.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal);

    /// <summary>Adds <paramref name="entries"/> to <paramref name="target"/> with <paramref name="prefix"/> before each key.</summary>
    public static void AddUnder(Dictionary<string, Tensor> target, string prefix, IReadOnlyDictionary<string, Tensor> entries)
    {
        foreach (var (key, value) in entries) target.Add(prefix + key, value);
    }
}
