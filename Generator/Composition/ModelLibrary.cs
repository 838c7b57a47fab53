using System.Collections.Generic;
using System.Linq;
using SegGen.Generator.Common;
using SegGen.Generator.Model;

namespace SegGen.Generator.Composition;

/// <summary>A model that <c>use(…)</c> names but no model of the compilation or its references declares, with a "did you mean".</summary>
public sealed record UnknownModel(string Name, string? Hint);

/// <summary>
/// Every model a compilation can use: its own declarations and those read from referenced assemblies
/// (<see cref="ReferencedModels"/>). A model is found by its name or its namespace-qualified name; the
/// compilation's own models come first.
/// </summary>
public sealed record ModelLibrary(EquatableArray<ModelSpec> Own, EquatableArray<ModelSpec> Referenced)
{
    public const string UseOp = "use";

    public static ModelLibrary Of(IEnumerable<ModelSpec?> own, IEnumerable<ModelSpec> referenced) =>
        new(own.Where(m => m is not null).Select(m => m!).ToEquatableArray(), referenced.ToEquatableArray());

    public ModelSpec? Find(string name) => Own.Concat(Referenced).FirstOrDefault(m => Names(m).Contains(name));

    /// <summary>
    /// The models <paramref name="model"/> uses, directly or through other used models, each once, and
    /// the names it uses that no model answers to. Only these reach the model's check, so an edit to an
    /// unrelated model leaves its check cached.
    /// </summary>
    public (EquatableArray<ModelSpec> Used, EquatableArray<UnknownModel> Unknown) Dependencies(ModelSpec model)
    {
        var used = new List<ModelSpec>();
        var unknown = new List<UnknownModel>();
        var pending = new Queue<ModelSpec>([model]);
        var seen = new HashSet<string>();
        while (pending.Count > 0)
        {
            foreach (var name in UsedNames(pending.Dequeue()))
            {
                if (!seen.Add(name)) continue;
                if (Find(name) is { } found)
                {
                    used.Add(found);
                    pending.Enqueue(found);
                }
                else
                {
                    unknown.Add(new UnknownModel(name, Common.Names.Suggest(name, Own.Concat(Referenced).Select(m => m.Name))));
                }
            }
        }
        return (used.ToEquatableArray(), unknown.ToEquatableArray());
    }

    /// <summary>The names a model answers to: <c>ResNet50</c> and, with a namespace, <c>SegGen.Zoo.ResNet50</c>.</summary>
    public static IEnumerable<string> Names(ModelSpec model) =>
        model.Namespace is null ? [model.Name] : [model.Name, $"{model.Namespace}.{model.Name}"];

    /// <summary>The model name of a <c>use(Model, …)</c> op, or null when it names none.</summary>
    public static string? UsedName(OpSpec op) =>
        op.Op == UseOp && op.Args.Count > 0 && op.Args[0] is { Name: null, Value: NameExpr name } ? name.Name : null;

    private static IEnumerable<string> UsedNames(ModelSpec model) =>
        model.Nodes.SelectMany(n => n.Ops).Select(UsedName).Where(n => n is not null).Select(n => n!);
}
