using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using SegGen.Contracts;
using SegGen.Graphs;
using static SegGen.Torch.torch;

namespace SegGen.Cli.Models;

/// <summary>The models of SegGen's zoo (Architectures/), found by their generated contract and graph.</summary>
internal static class ModelCatalog
{
    private static readonly Lazy<IReadOnlyList<ZooModel>> Models = new(Discover);

    public static IReadOnlyList<ZooModel> All => Models.Value;

    /// <summary>The zoo model called <paramref name="name"/> (any case).</summary>
    /// <exception cref="UserError">There is none.</exception>
    public static ZooModel Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UserError($"unknown model '{name}'; the zoo has {string.Join(", ", All.Select(m => m.Name))} (seggen models lists them)");

    /// <summary>Every public module type of the zoo assembly carrying a generated [ModelContract].</summary>
    private static IReadOnlyList<ZooModel> Discover() =>
        typeof(SegGen.Architectures.UNetSmall).Assembly.GetExportedTypes()
            .Where(t => t.IsDefined(typeof(ModelContractAttribute), inherit: false) && typeof(nn.Module).IsAssignableFrom(t))
            .Select(t => new ZooModel(t))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>One zoo model: its generated contract and graph, its hyperparameters (constructor parameters) and how to build and run it.</summary>
internal sealed class ZooModel(Type type)
{
    public string Name => type.Name;

    public ModelContract Contract { get; } = (ModelContract)type.GetProperty("Contract", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public ModelGraph Graph { get; } = (ModelGraph)type.GetProperty("Graph", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>The hyperparameters with their defaults, in declaration order.</summary>
    public IReadOnlyList<ParameterInfo> Hyperparameters => Constructor.GetParameters();

    /// <summary>The main output (the first declared) ends in a softmax: the model gives probabilities.</summary>
    public bool OutputsProbabilities => Graph.Nodes.First(n => n.Name == Graph.Outputs[0].Node).Op == "softmax";

    private ConstructorInfo Constructor => type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    /// <summary>The model with <paramref name="hyperparameters"/> (name → text; the rest at their defaults), seeded by libtorch's generator.</summary>
    /// <exception cref="UserError">A name is not a hyperparameter of the model, or a value does not fit its type.</exception>
    public nn.Module Create(IReadOnlyDictionary<string, string> hyperparameters)
    {
        var parameters = Hyperparameters;
        foreach (var name in hyperparameters.Keys.Where(k => parameters.All(p => p.Name != k)))
        {
            throw new UserError($"{Name} has no hyperparameter '{name}'; it has {string.Join(", ", parameters.Select(p => p.Name))}");
        }
        var values = parameters.Select(p => hyperparameters.TryGetValue(p.Name!, out var text) ? HyperparameterValues.Parse(Name, p, text) : p.DefaultValue).ToArray();
        try
        {
            return (nn.Module)Constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, values, null);
        }
        catch (Exception e) when (e is ArgumentException or SegGen.Torch.TorchException)
        {
            throw new UserError($"cannot build {Name} with {string.Join(", ", hyperparameters.Select(h => $"{h.Key}={h.Value}"))}: {e.Message}");
        }
    }

    /// <summary>Runs <paramref name="module"/> (built by <see cref="Create"/>) and keeps only its main output.</summary>
    public Tensor MainOutput(nn.Module module, Tensor images)
    {
        var result = type.GetMethod("forward", [typeof(Tensor)])!.Invoke(module, BindingFlags.DoNotWrapExceptions, null, [images], null)!;
        if (result is Tensor tensor) return tensor;
        // A record of several outputs: keep the first declared, free the others.
        using var outputs = (IDisposable)result;
        var main = (Tensor)result.GetType().GetProperty(Graph.Outputs[0].Name)!.GetValue(result)!;
        return main.alias();
    }
}
