using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using SegGen.Generator.Common;
using SegGen.Generator.Composition;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Model;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Binding;

/// <summary>
/// Resolves a <see cref="ModelSpec"/>: checks ops and their arguments against <see cref="OpCatalog"/>,
/// resolves names (layers, taps, hyperparameters), orders the graph and rejects cycles. Shapes are
/// not its business. Returns null when errors leave no graph to check.
/// A <c>use(Model, …)</c> op is bound by a binder of its own for the used model (a <em>scope</em>),
/// instantiated with the use site's option and hyperparameter values, whose ops join the same graph
/// under the use's path (<c>backbone.layer1.0.conv1</c>); taps such as <c>backbone.layer3</c> resolve
/// in that scope.
/// </summary>
public sealed class Binder
{
    private readonly ModelSpec spec;
    private readonly List<DiagnosticInfo> diagnostics;
    private readonly Dictionary<string, HyperparameterSpec> hyperparameters;
    private readonly Composition composition;
    private readonly string scope;
    private readonly List<BoundOp> ops;
    private readonly Dictionary<string, int> outputOf = [];
    private readonly Dictionary<string, List<int>> opsOf = [];
    private readonly Dictionary<string, int> outputIds = [];
    /// <summary>Layers with an op that did not bind: a reference to one adds no error to the op's own.</summary>
    private readonly HashSet<string> broken = [];
    /// <summary>Used models' scopes by their path in this one: <c>backbone</c>, or <c>layer1.0</c> for a use in a chain.</summary>
    private readonly Dictionary<string, Binder> blocks = [];
    /// <summary>The layers of models used with <c>inline: true</c>, which are this model's names, each with the layer of its use.</summary>
    private readonly Dictionary<string, string> inlined = [];

    /// <summary>What every scope of one check shares: the models that may be used, and the chain of uses being bound (for cycles).</summary>
    private sealed record Composition(IReadOnlyList<ModelSpec> Used, IReadOnlyList<UnknownModel> Unknown, ImmutableList<string> Chain);

    private Binder(ModelSpec spec, List<DiagnosticInfo> diagnostics, Dictionary<string, HyperparameterSpec> hyperparameters, Composition composition,
        string scope, List<BoundOp> ops)
    {
        this.spec = spec;
        this.diagnostics = diagnostics;
        this.hyperparameters = hyperparameters;
        this.composition = composition;
        this.scope = scope;
        this.ops = ops;
    }

    /// <param name="used">The models <paramref name="spec"/> uses, directly or not (<see cref="ModelLibrary.Dependencies"/>).</param>
    /// <param name="unknown">The names it uses that no model answers to.</param>
    public static BoundModel? Bind(ModelSpec spec, string sourcePath, List<DiagnosticInfo> diagnostics,
        IReadOnlyList<ModelSpec>? used = null, IReadOnlyList<UnknownModel>? unknown = null)
    {
        var errorsBefore = diagnostics.Count;
        var concrete = Instantiation.Apply(spec, spec.Options.ToDictionary(o => o.Name, o => o.Default), useSite: null);
        var composition = new Composition(used ?? [], unknown ?? [], ImmutableList.Create(spec.Name));
        var binder = new Binder(concrete, diagnostics, spec.Hyperparameters.ToDictionary(h => h.Name), composition, "", []);
        var model = binder.Run(sourcePath);
        return diagnostics.Skip(errorsBefore).Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error) ? null : model;
    }

    /// <summary>An op bound to its schema (or a use of another model), its references still by name.</summary>
    private sealed record PendingOp(OpSchema? Schema, OpSpec Spec, List<BoundArg> Args, List<Expr> References, UseSite? Use = null)
    {
        public bool ForUnpool => Schema?.Kind == OpKind.Unpool;
    }

    /// <summary>A use of another model: the model instantiated for this site, and which of its inputs take whatever channels arrive.</summary>
    private sealed record UseSite(ModelSpec Model, HashSet<string> InferredInputs);

    /// <param name="Absent">Its <c>when:</c> is false: no ops, and its name stands for its input.</param>
    private sealed record PendingNode(NodeSpec Spec, int Declared, List<PendingOp> Ops, bool Absent = false);

    private string Qualify(string name) => scope.Length == 0 ? name : $"{scope}.{name}";

    private BoundModel? Run(string sourcePath)
    {
        var boundHyperparameters = spec.Hyperparameters.Select(BindHyperparameter).ToList();
        var inputs = spec.Inputs.Select(BindInput).ToList();
        if (inputs.Count == 0) return null;
        if (inputs.Count > 2)
        {
            // The runtime's modules take one or two inputs (Module<T, TResult>, Module<T1, T2, TResult>).
            Error(DiagnosticCatalog.InvalidDeclaration, inputs[2].Location, $"a model takes one or two inputs; '{inputs[2].Name}' is the third");
            return null;
        }
        FindInlined();
        CheckNameClashes();

        var nodes = PendingNodes();
        var order = Order(nodes);
        if (order is null) return null;

        // Ids: inputs first, then ops in dependency order; each op's id is its index in the list.
        foreach (var input in inputs)
        {
            var id = ops.Count;
            outputOf[input.Name] = id;
            ops.Add(new BoundOp(id, OpKind.Input, input.Name, -1, EquatableArray<int>.Empty, EquatableArray<BoundArg>.Empty, input.ShapeText, null, input.Location));
        }
        var boundInputs = inputs.Select(i => i with { OpId = outputOf[i.Name] }).ToList();
        if (!BindNodes(order, nodes)) return null;
        CheckNestedNameClashes();

        var outputs = BindOutputs();
        if (outputs is null) return null;
        return new BoundModel(spec.Name, spec.Namespace, spec.Summary, sourcePath, boundHyperparameters.ToEquatableArray(),
            boundInputs.ToEquatableArray(), ops.ToEquatableArray(), outputs.ToEquatableArray(), spec.Location);
    }

    /// <summary>
    /// Binds a used model's graph onto <paramref name="inputIds"/> (the use site's tensors, one per input of
    /// the model) and returns the op that gives its first output, or −1 after reporting.
    /// </summary>
    /// <param name="usePath">The use's path, under which the model's inputs are named (also when its layers are inlined).</param>
    private int BindBlock(IReadOnlyList<int> inputIds, UseSite use, SourceLocation site, string usePath)
    {
        if (inputIds.Count != spec.Inputs.Count)
        {
            Error(DiagnosticCatalog.InvalidArgument, site,
                $"{spec.Name} takes {spec.Inputs.Count} input(s) ({string.Join(", ", spec.Inputs.Select(i => i.Name))}): the layer's input and " +
                $"{spec.Inputs.Count - 1} more named after the model, e.g. use({spec.Name}, other_layer); got {inputIds.Count}");
            return -1;
        }
        for (var i = 0; i < inputIds.Count; i++)
        {
            var input = spec.Inputs[i];
            var declared = use.InferredInputs.Contains(input.Name) || input.Dims.Count != 4 ? null : Channels(input.Dims[1]);
            var channels = new BoundArg("channels", ArgType.Channels, declared is not null, 0, 0, false, "", declared, -1, declared?.CSharp ?? "", site);
            var id = ops.Count;
            outputOf[input.Name] = id;
            ops.Add(new BoundOp(id, OpKind.BlockInput, $"{usePath}.{input.Name}", -1, new[] { inputIds[i] }.ToEquatableArray(), new[] { channels }.ToEquatableArray(),
                $"input '{input.Name}' of {spec.Name}", null, site));
        }
        FindInlined();
        var nodes = PendingNodes();
        var order = Order(nodes);
        if (order is null || !BindNodes(order, nodes)) return -1;
        var outputs = BindOutputs();
        return outputs is null ? -1 : outputs[0].OpId;
    }

    private List<PendingNode> PendingNodes() => spec.Nodes.Select((node, declared) =>
    {
        switch (node.When)
        {
            case BoolExpr { Value: false }:
                return new PendingNode(node, declared, [], Absent: true);
            case null or BoolExpr:
                break;
            default:
                Fail(node.When.Location, $"layer '{node.Name}': 'when' takes true, false or a bool option, got '{node.When.Text}'");
                broken.Add(node.Name);
                return new PendingNode(node, declared, []);
        }
        var bound = node.Ops.Select(BindOp).Where(o => o is not null).Select(o => o!).ToList();
        if (bound.Count != node.Ops.Count) broken.Add(node.Name);
        return new PendingNode(node, declared, bound);
    }).ToList();

    /// <summary>Records the layers that <c>inline: true</c> layers bring in, after checking that each one's op is a use (its model is found later).</summary>
    private void FindInlined()
    {
        foreach (var node in spec.Nodes.Where(n => n.Inline))
        {
            if (node.IsChain || node.Ops[0].Op != ModelLibrary.UseOp)
            {
                Fail(node.Location, $"layer '{node.Name}': 'inline: true' places a used model's layers here, so its ops are one use(Model, …), not '{string.Join(", ", node.Ops.Select(o => o.Text))}'");
                broken.Add(node.Name);
                continue;
            }
            if (InlinedModel(node) is not { } used) continue;
            foreach (var layer in LayersOf(used, ImmutableHashSet.Create(spec.Name, used.Name))) inlined[layer] = node.Name;
        }
    }

    /// <summary>The model an <c>inline: true</c> layer uses, if it is one and the model is known (else its use reports).</summary>
    private ModelSpec? InlinedModel(NodeSpec node) =>
        node.Inline && !node.IsChain && ModelLibrary.UsedName(node.Ops[0]) is { } name ? composition.Used.FirstOrDefault(m => ModelLibrary.Names(m).Contains(name)) : null;

    /// <summary>A model's layer names, with those of the models it inlines in turn (a cycle, which its use reports, ends the walk).</summary>
    private IEnumerable<string> LayersOf(ModelSpec model, ImmutableHashSet<string> visiting) => model.Nodes.SelectMany(node =>
        InlinedModel(node) is { } inner && !visiting.Contains(inner.Name) ? LayersOf(inner, visiting.Add(inner.Name)).Prepend(node.Name) : [node.Name]);

    private bool BindNodes(List<PendingNode> order, List<PendingNode> nodes)
    {
        foreach (var node in order)
        {
            var current = NodeInput(node, nodes);
            if (current < 0) return false;
            var ids = new List<int>();
            opsOf[node.Spec.Name] = ids;
            if (node.Absent)
            {
                outputOf[node.Spec.Name] = current;
                continue;
            }
            for (var index = 0; index < node.Ops.Count; index++)
            {
                var pending = node.Ops[index];
                var references = new List<int>();
                foreach (var reference in pending.References)
                {
                    var resolved = Resolve(reference, pending.ForUnpool);
                    if (resolved < 0) return false;
                    references.Add(resolved);
                }
                var chainIndex = node.Spec.IsChain ? index : -1;
                int id;
                if (pending.Use is { } use)
                {
                    var path = chainIndex < 0 ? node.Spec.Name : $"{node.Spec.Name}.{chainIndex}";
                    var block = new Binder(use.Model, diagnostics, hyperparameters, composition with { Chain = composition.Chain.Add(use.Model.Name) },
                        node.Spec.Inline ? scope : Qualify(path), ops);
                    id = block.BindBlock(new[] { current }.Concat(references).ToList(), use, pending.Spec.Location, Qualify(path));
                    if (id < 0) return false;
                    blocks[path] = block;
                }
                else
                {
                    var args = pending.Args;
                    // Few ops refer to a layer by argument (unpool's pool, crop's and upsample's 'like'): the others keep their list.
                    if (args.Exists(IsGivenReference))
                    {
                        args = args.Select(a => IsGivenReference(a) ? a with { Reference = Resolve(new NameExpr(a.Word, a.Location), pending.ForUnpool) } : a).ToList();
                        if (args.Any(a => IsGivenReference(a) && a.Reference < 0)) return false;
                    }
                    id = ops.Count;
                    ops.Add(new BoundOp(id, pending.Schema!.Kind, Qualify(node.Spec.Name), chainIndex, new[] { current }.Concat(references).ToEquatableArray(),
                        args.ToEquatableArray(), pending.Spec.Text, pending.Spec.Origin, pending.Spec.Location));
                }
                ids.Add(id);
                current = id;
            }
            outputOf[node.Spec.Name] = current;
        }
        return true;
    }

    private static bool IsGivenReference(BoundArg arg) => arg.Type == ArgType.Reference && arg.Given;

    // ---- declarations --------------------------------------------------------------------------

    private BoundHyperparameter BindHyperparameter(HyperparameterSpec h)
    {
        if (SyntaxFacts.GetKeywordKind(h.Name) != SyntaxKind.None || !Frontend.YamlFrontend.IsIdentifier(h.Name))
        {
            Error(DiagnosticCatalog.InvalidDeclaration, h.Location, $"hyperparameter '{h.Name}' cannot be a C# parameter name");
        }
        return h.Default switch
        {
            IntExpr i => new BoundHyperparameter(h.Name, h.Kind, i.Text, i.Value, h.Location),
            FloatExpr f => new BoundHyperparameter(h.Name, h.Kind, f.Text, 0, h.Location),
            _ => new BoundHyperparameter(h.Name, h.Kind, h.Default.Text, 0, h.Location),
        };
    }

    private BoundInput BindInput(InputSpec input)
    {
        if (input.Dims.Count != 4)
        {
            Error(DiagnosticCatalog.InvalidDeclaration, input.Location, $"input '{input.Name}' has {input.Dims.Count} dimensions; SegGen models take [N, C, H, W]");
            return new BoundInput(input.Name, -1, "N", ChannelExpr.Of(1), new("H", 1, 0, input.Location), new("W", 1, 0, input.Location), input.Location);
        }
        var batch = input.Dims[0] is NameExpr n ? n.Name : "N";
        if (input.Dims[0] is not NameExpr) Error(DiagnosticCatalog.InvalidDeclaration, input.Dims[0].Location, "the batch dimension is a name such as N");
        var channels = Channels(input.Dims[1]) ?? ChannelExpr.Of(1);
        return new BoundInput(input.Name, -1, batch, channels, Spatial(input.Dims[2], "H"), Spatial(input.Dims[3], "W"), input.Location);
    }

    /// <summary><c>H</c>, or <c>a*h</c> / <c>a*h+b</c>: the size is then restricted to b mod a, and called by its position (H or W).</summary>
    private DimDeclaration Spatial(Expr dim, string position)
    {
        switch (dim)
        {
            case NameExpr name when !name.Name.Contains('.'):
                return new DimDeclaration(name.Name, 1, 0, dim.Location);
            case BinaryExpr { Operator: '*', Left: IntExpr { Value: > 0 } a, Right: NameExpr }:
                return new DimDeclaration(position, a.Value, 0, dim.Location);
            case BinaryExpr { Operator: '+', Left: BinaryExpr { Operator: '*', Left: IntExpr { Value: > 0 } a, Right: NameExpr }, Right: IntExpr b }:
                return new DimDeclaration(position, a.Value, ((b.Value % a.Value) + a.Value) % a.Value, dim.Location);
            default:
                Error(DiagnosticCatalog.InvalidDeclaration, dim.Location, $"a spatial dimension is a name (H) or a*name (+b), e.g. 32*h; got '{dim.Text}'");
                return new DimDeclaration(position, 1, 0, dim.Location);
        }
    }

    /// <summary>
    /// Members every generated model has: its own (forward, Contract, Graph, PreparedWeights) and those of SegGen.Torch's
    /// Module and of object. A hyperparameter, input or layer of such a name would not compile (or hide one).
    /// </summary>
    private static readonly string[] ModelMembers =
    [
        "forward", "Contract", "Graph", "call", "name", "training", "train", "eval", "to", "zero_grad", "Dispose", "GetName",
        "dropout_active", "sample_dropout", "optimize_for_inference", "inference_optimized", "inference_state", "prepare_inference",
        "PreparedWeights",
        "register_module", "register_parameter", "register_buffer", "children", "named_children", "named_modules",
        "parameters", "named_parameters", "buffers", "named_buffers", "state_dict", "load_state_dict",
        "Equals", "GetHashCode", "GetType", "ToString",
    ];

    private void CheckNameClashes()
    {
        var seen = ModelMembers.ToDictionary(m => m, _ => "a member of every generated model");
        seen[spec.Name] = "the model (its class)";
        void Claim(string name, string what, SourceLocation location)
        {
            if (seen.TryGetValue(name, out var previous)) Error(DiagnosticCatalog.DuplicateName, location, $"'{name}' names both {previous} and {what}");
            else seen[name] = what;
        }
        foreach (var o in spec.Options) Claim(o.Name, "an option", o.Location);
        foreach (var h in spec.Hyperparameters) Claim(h.Name, "a hyperparameter", h.Location);
        foreach (var i in spec.Inputs) Claim(i.Name, "an input", i.Location);
        foreach (var n in spec.Nodes) Claim(n.Name, "a layer", n.Location);
        foreach (var (name, owner) in inlined) Claim(name, $"a layer inlined by '{owner}'", spec.Nodes.First(n => n.Name == owner).Location);
        // A dotted layer (convs.0) is a module inside the container of its prefix, which must not be a layer itself.
        foreach (var n in spec.Nodes.Where(n => n.Name.Contains('.')))
        {
            var parts = n.Name.Split('.');
            var owner = Enumerable.Range(1, parts.Length - 1).Select(k => string.Join(".", parts.Take(k))).FirstOrDefault(seen.ContainsKey);
            if (owner is not null) Error(DiagnosticCatalog.DuplicateName, n.Location, $"layer '{n.Name}' would be a module inside '{owner}', which names {seen[owner]}");
        }
        // Chain members become fields node_i: keep them apart from other layers' names.
        foreach (var n in spec.Nodes.Where(n => n.IsChain))
        {
            for (var i = 0; i < n.Ops.Count; i++)
            {
                if (seen.ContainsKey($"{n.Name}_{i}")) Error(DiagnosticCatalog.DuplicateName, n.Location, $"layer '{n.Name}_{i}' clashes with op {i} of chain '{n.Name}'");
            }
        }
    }

    /// <summary>
    /// Paths become C# names with '.' as '_', so an op of a used model (<c>backbone.conv1</c>) must not meet a layer
    /// or another op of the same C# name (<c>backbone_conv1</c>). Clashes among the model's own names are <see cref="CheckNameClashes"/>'s.
    /// </summary>
    private void CheckNestedNameClashes()
    {
        // The first clash says enough: the others of two clashing layers follow from it.
        // A name held by one op (almost all) cannot clash: tested first, before the queries over its group.
        var clash = ops.Where(o => o.Kind != OpKind.Input).GroupBy(o => o.FieldName)
            .FirstOrDefault(g => g.Count() > 1 && g.Any(o => o.Node.Contains('.')) && g.Any(o => o.Path != g.First().Path));
        if (clash is null) return;
        var paths = clash.Select(o => o.Path).Distinct().ToList();
        Error(DiagnosticCatalog.DuplicateName, clash.Last().Location, $"'{paths[0]}' and '{paths[1]}' would both be the C# name '{clash.Key}'; rename one of them");
    }

    // ---- ops -----------------------------------------------------------------------------------

    private PendingOp? BindOp(OpSpec op)
    {
        if (op.Op == ModelLibrary.UseOp) return BindUse(op);
        var schema = OpCatalog.Find(op.Op);
        if (schema is null)
        {
            var suggestion = OpCatalog.Suggest(op.Op);
            Error(DiagnosticCatalog.UnknownOp, op.Location, op.Op,
                suggestion is null ? $"; known ops: {string.Join(", ", OpCatalog.All.Select(s => s.Name))}" : $"; did you mean '{suggestion}'?");
            return null;
        }
        var given = new Dictionary<string, ArgSpec>();
        var references = new List<Expr>();
        var positional = 0;
        var ok = true;
        foreach (var arg in op.Args)
        {
            if (arg.Name is null)
            {
                if (schema.TakesReferences)
                {
                    references.Add(arg.Value);
                    continue;
                }
                if (positional >= schema.Args.Length)
                {
                    ok = Fail(arg.Location, $"{op.Op} takes at most {schema.Args.Length} positional argument(s) ({string.Join(", ", schema.Args.Select(a => a.Name))})");
                    continue;
                }
                given[schema.Args[positional++].Name] = arg;
                continue;
            }
            var target = schema.Args.FirstOrDefault(a => a.Name == arg.Name);
            if (target is null)
            {
                var hint = Names.Suggest(arg.Name, schema.Args.Select(a => a.Name));
                ok = Fail(arg.Location, $"{op.Op} has no argument '{arg.Name}'" + (hint is null
                    ? schema.Args.Length == 0 ? "; it takes none" : $"; its arguments are {string.Join(", ", schema.Args.Select(a => a.Name))}"
                    : $"; did you mean '{hint}'?"));
                continue;
            }
            if (given.ContainsKey(arg.Name))
            {
                ok = Fail(arg.Location, $"{op.Op}: argument '{arg.Name}' is given twice");
                continue;
            }
            given[arg.Name] = arg;
        }
        if (schema.TakesReferences && references.Count == 0) ok = Fail(op.Location, $"{op.Op} needs at least one layer to combine with its input, e.g. {op.Op}(skip)");

        var args = new List<BoundArg>();
        foreach (var argSchema in schema.Args)
        {
            if (given.TryGetValue(argSchema.Name, out var value))
            {
                var bound = BindArg(op.Op, argSchema, value);
                if (bound is null) ok = false;
                else args.Add(bound);
            }
            else if (argSchema.Default is null)
            {
                ok = Fail(op.Location, $"{op.Op} needs '{argSchema.Name}'");
            }
            else
            {
                args.Add(DefaultArg(argSchema, op.Location));
            }
        }
        if (ok && schema.Kind == OpKind.Upsample && args.Count(a => (a.Name == "scale" || a.Name == "like") && a.Given) != 1)
        {
            ok = Fail(op.Location, "upsample takes exactly one of scale= and like=");
        }
        return ok ? new PendingOp(schema, op, args, references) : null;
    }

    /// <summary>
    /// <c>use(Model, other_input…, name=value…)</c>: finds the model, checks the named values against its
    /// options and hyperparameters, and instantiates it for this site (see <see cref="UseSite"/>).
    /// </summary>
    private PendingOp? BindUse(OpSpec op)
    {
        if (ModelLibrary.UsedName(op) is not { } name)
        {
            Fail(op.Location, "use names the model first, e.g. use(ResNet50) or use(ResNet50, replace_stride_with_dilation=[false, true, true])");
            return null;
        }
        var used = composition.Used.FirstOrDefault(m => ModelLibrary.Names(m).Contains(name));
        if (used is null)
        {
            var hint = composition.Unknown.FirstOrDefault(u => u.Name == name)?.Hint;
            Error(DiagnosticCatalog.UnknownModel, op.Args[0].Location,
                $"no model named '{name}' in this project or the assemblies it references" + (hint is null ? "" : $"; did you mean '{hint}'?"));
            return null;
        }
        if (composition.Chain.Contains(used.Name))
        {
            Error(DiagnosticCatalog.UseCycle, op.Args[0].Location,
                $"models use each other in a cycle: {string.Join(" → ", composition.Chain.SkipWhile(m => m != used.Name).Append(used.Name))}");
            return null;
        }
        var values = used.Options.ToDictionary(o => o.Name, o => o.Default);
        var given = new HashSet<string>();
        var ok = true;
        foreach (var arg in op.Args.Skip(1).Where(a => a.Name is not null))
        {
            ok &= UseValue(used, arg, values) && given.Add(arg.Name!);
        }
        foreach (var h in used.Hyperparameters.Where(h => !given.Contains(h.Name))) values[h.Name] = h.Default;
        // An input whose channels are a hyperparameter named nowhere else takes whatever the use site gives (Bottleneck's inplanes).
        var inferred = new HashSet<string>(used.Inputs
            .Where(i => i.Dims.Count == 4 && i.Dims[1] is NameExpr channels && used.Hyperparameters.Any(h => h.Name == channels.Name) &&
                        !given.Contains(channels.Name) && !used.Nodes.SelectMany(n => n.Ops).SelectMany(o => o.Args).Any(a => Mentions(a.Value, channels.Name)))
            .Select(i => i.Name));
        if (!ok) return null;
        var references = op.Args.Skip(1).Where(a => a.Name is null).Select(a => a.Value).ToList();
        return new PendingOp(null, op, [], references, new UseSite(Instantiation.Apply(used, values, op.Location), inferred));
    }

    /// <summary>Checks one <c>name=value</c> of a use against the used model and records it; false after reporting.</summary>
    private bool UseValue(ModelSpec used, ArgSpec arg, Dictionary<string, Expr> values)
    {
        var option = used.Options.FirstOrDefault(o => o.Name == arg.Name);
        if (option is not null)
        {
            if (!Instantiation.IsLiteral(arg.Value) || !Fits(arg.Value, option.Default))
            {
                return BadOption(arg, $"option '{arg.Name}' of {used.Name} shapes the model, so its value is a literal like its default {option.Default.Text}; got '{arg.Value.Text}'");
            }
            values[option.Name] = arg.Value;
            return true;
        }
        var hyperparameter = used.Hyperparameters.FirstOrDefault(h => h.Name == arg.Name);
        if (hyperparameter is null)
        {
            var names = used.Options.Select(o => o.Name).Concat(used.Hyperparameters.Select(h => h.Name)).ToList();
            return BadOption(arg, $"{used.Name} has no option or hyperparameter '{arg.Name}'" + (Names.Suggest(arg.Name!, names) is { } hint
                ? $"; did you mean '{hint}'?"
                : names.Count == 0 ? "; it takes none" : $"; it takes {string.Join(", ", names)}"));
        }
        values[hyperparameter.Name] = arg.Value;
        return true;
    }

    private bool BadOption(ArgSpec arg, string message)
    {
        Error(DiagnosticCatalog.BadOption, arg.Location, message);
        return false;
    }

    /// <summary>Whether an option's value has its default's kind (an integer also fits a number), lists element by element.</summary>
    private static bool Fits(Expr value, Expr @default) => (value, @default) switch
    {
        (IntExpr, IntExpr) or (IntExpr or FloatExpr, FloatExpr) or (BoolExpr, BoolExpr) => true,
        (ListExpr v, ListExpr d) => v.Items.Count == d.Items.Count && v.Items.Zip(d.Items, Fits).All(fits => fits),
        _ => false,
    };

    private static bool Mentions(Expr expr, string name) => expr switch
    {
        NameExpr n => n.Name == name,
        BinaryExpr b => Mentions(b.Left, name) || Mentions(b.Right, name),
        NegateExpr n => Mentions(n.Operand, name),
        ListExpr l => l.Items.Any(i => Mentions(i, name)),
        IndexExpr i => Mentions(i.Target, name) || Mentions(i.Index, name),
        ConditionalExpr c => Mentions(c.Condition, name) || Mentions(c.Then, name) || Mentions(c.Else, name),
        _ => false,
    };

    private BoundArg DefaultArg(ArgSchema schema, SourceLocation location) => schema.Type switch
    {
        ArgType.Bool => Make(schema, false, location, flag: schema.Default == "true", csharp: schema.Default!),
        ArgType.Number when schema.Default!.Length > 0 => Make(schema, false, location, number: double.Parse(schema.Default, CultureInfo.InvariantCulture), csharp: schema.Default),
        ArgType.Choice => Make(schema, false, location, word: schema.Default!, csharp: schema.Default!),
        ArgType.Positive or ArgType.NonNegative when schema.Default!.Length > 0 => Make(schema, false, location, integer: long.Parse(schema.Default, CultureInfo.InvariantCulture), csharp: schema.Default),
        _ => Make(schema, false, location),
    };

    private BoundArg? BindArg(string op, ArgSchema schema, ArgSpec arg)
    {
        var value = arg.Value;
        switch (schema.Type)
        {
            case ArgType.Channels:
                var channels = Channels(value);
                return channels is null ? null : Make(schema, true, value.Location, channels: channels, csharp: channels.CSharp);
            case ArgType.Positive or ArgType.NonNegative:
                if (value is IntExpr integer && (integer.Value > 0 || (schema.Type == ArgType.NonNegative && integer.Value == 0)))
                {
                    return Make(schema, true, value.Location, integer: integer.Value, csharp: integer.Text);
                }
                Fail(value.Location, $"{op}: '{schema.Name}' must be a {(schema.Type == ArgType.Positive ? "positive" : "non-negative")} integer literal" +
                    (value is NameExpr ? " (it shapes H and W, so it cannot be a hyperparameter)" : $", got '{value.Text}'"));
                return null;
            case ArgType.Number:
                switch (value)
                {
                    case IntExpr i: return Make(schema, true, value.Location, number: i.Value, csharp: i.Text + ".0");
                    case FloatExpr f: return Make(schema, true, value.Location, number: f.Value, csharp: f.Text);
                    case NameExpr n when hyperparameters.TryGetValue(n.Name, out var h) && h.Kind != HyperparameterKind.Bool:
                        return Make(schema, true, value.Location, number: h.Default is FloatExpr d ? d.Value : ((IntExpr)h.Default).Value, csharp: n.Name);
                }
                Fail(value.Location, $"{op}: '{schema.Name}' must be a number or a numeric hyperparameter, got '{value.Text}'");
                return null;
            case ArgType.Bool:
                if (value is BoolExpr b) return Make(schema, true, value.Location, flag: b.Value, csharp: b.Text);
                Fail(value.Location, $"{op}: '{schema.Name}' must be true or false, got '{value.Text}'");
                return null;
            case ArgType.Reference:
                if (value is NameExpr reference) return Make(schema, true, value.Location, word: reference.Name);
                Fail(value.Location, $"{op}: '{schema.Name}' must name a layer, got '{value.Text}'");
                return null;
            default:
                if (value is NameExpr word && schema.Choices.Contains(word.Name)) return Make(schema, true, value.Location, word: word.Name, csharp: word.Name);
                Fail(value.Location, $"{op}: '{schema.Name}' is one of {string.Join(", ", schema.Choices)}, got '{value.Text}'");
                return null;
        }
    }

    private static BoundArg Make(ArgSchema schema, bool given, SourceLocation location, long integer = 0, double number = 0, bool flag = false,
        string word = "", ChannelExpr? channels = null, string csharp = "") =>
        new(schema.Name, schema.Type, given, integer, number, flag, word, channels, -1, csharp, location);

    /// <summary>An integer expression in integer hyperparameters, kept affine.</summary>
    private ChannelExpr? Channels(Expr expr)
    {
        switch (expr)
        {
            case IntExpr { Value: > 0 } i:
                return ChannelExpr.Of(i.Value);
            case IntExpr i:
                Fail(i.Location, $"a channel count must be positive, got {i.Value}");
                return null;
            case NameExpr n when hyperparameters.TryGetValue(n.Name, out var h):
                if (h.Kind == HyperparameterKind.Int) return ChannelExpr.Hyperparameter(n.Name);
                Fail(n.Location, $"hyperparameter '{n.Name}' is {h.Kind.ToString().ToLowerInvariant()}; a channel count needs an integer");
                return null;
            case NameExpr n:
                var hint = Names.Suggest(n.Name, hyperparameters.Keys);
                Error(DiagnosticCatalog.UnknownHyperparameter, n.Location,
                    $"'{n.Name}' is not a hyperparameter" + (hint is null ? (hyperparameters.Count == 0 ? " (the model declares none)" : $" (declared: {string.Join(", ", hyperparameters.Keys)})") : $"; did you mean '{hint}'?"));
                return null;
            case NegateExpr negate:
                return Channels(negate.Operand)?.Negate();
            case BinaryExpr { Operator: '+' or '-' } sum:
                var (left, right) = (Channels(sum.Left), Channels(sum.Right));
                return left is null || right is null ? null : left.Plus(sum.Operator == '+' ? right : right.Negate());
            case BinaryExpr { Operator: '*' } product:
                var (a, b) = (Channels(product.Left), Channels(product.Right));
                if (a is null || b is null) return null;
                if (a.IsConstant) return b.Times(a.Constant);
                if (b.IsConstant) return a.Times(b.Constant);
                Fail(product.Location, $"'{product.Text}' multiplies two hyperparameters; channel counts must be linear in them");
                return null;
            default:
                Fail(expr.Location, $"'{expr.Text}' is not a channel count (an integer, a hyperparameter or arithmetic on them)");
                return null;
        }
    }

    // ---- graph ---------------------------------------------------------------------------------

    /// <summary>Nodes in dependency order (declaration order where free), or null after reporting a cycle.</summary>
    private List<PendingNode>? Order(List<PendingNode> nodes)
    {
        var byName = nodes.ToDictionary(n => n.Spec.Name);
        // A reference to an inlined layer depends on the layer that inlines it.
        var names = new HashSet<string>(byName.Keys.Concat(inlined.Keys));
        var dependencies = new Dictionary<string, List<string>>(nodes.Count);
        // Plain loops: every used model's scope is ordered (33 of them in a ResNet-101), and a query per node was a
        // good part of binding one.
        foreach (var node in nodes)
        {
            var layers = new List<string>();
            foreach (var dependency in Dependencies(node, nodes, names))
            {
                var layer = inlined.TryGetValue(dependency, out var owner) ? owner : dependency;
                if (layer != node.Spec.Name && byName.ContainsKey(layer) && !layers.Contains(layer)) layers.Add(layer);
            }
            dependencies[node.Spec.Name] = layers;
        }
        var placed = new HashSet<string>();
        var order = new List<PendingNode>();
        while (order.Count < nodes.Count)
        {
            var next = FirstReady(nodes, dependencies, placed);
            if (next is null)
            {
                var stuck = nodes.First(n => !placed.Contains(n.Spec.Name));
                var cycle = CyclePath(stuck.Spec.Name, dependencies, placed);
                // A dependency that is not written (no 'from:') is the easiest to overlook.
                var implicitInput = cycle.Any(n => byName[n].Spec.From is null) ? "; a layer without 'from:' reads the layer declared above it" : "";
                Error(DiagnosticCatalog.Cycle, stuck.Spec.Location, $"layers depend on each other in a cycle: {string.Join(" → ", cycle)}{implicitInput}");
                return null;
            }
            placed.Add(next.Spec.Name);
            order.Add(next);
        }
        return order;
    }

    /// <summary>
    /// The first node in declaration order not yet placed whose dependencies all are. A plain loop: ordering asks once per
    /// node and tests every node, and a delegate per test made ordering one of the larger costs of binding a used model.
    /// </summary>
    private static PendingNode? FirstReady(List<PendingNode> nodes, Dictionary<string, List<string>> dependencies, HashSet<string> placed)
    {
        foreach (var node in nodes)
        {
            if (placed.Contains(node.Spec.Name)) continue;
            var ready = true;
            foreach (var dependency in dependencies[node.Spec.Name]) ready &= placed.Contains(dependency);
            if (ready) return node;
        }
        return null;
    }

    private static List<string> CyclePath(string start, Dictionary<string, List<string>> dependencies, HashSet<string> placed)
    {
        var path = new List<string> { start };
        var current = start;
        while (true)
        {
            current = dependencies[current].First(d => !placed.Contains(d));
            var seen = path.IndexOf(current);
            path.Add(current);
            if (seen >= 0) return path.Skip(seen).ToList();
        }
    }

    private static IEnumerable<string> Dependencies(PendingNode node, List<PendingNode> nodes, ICollection<string> names)
    {
        var input = node.Spec.From is NameExpr from ? Head(from.Name, names) : node.Declared > 0 ? nodes[node.Declared - 1].Spec.Name : null;
        if (input is not null) yield return input;
        foreach (var op in node.Ops)
        {
            foreach (var reference in op.References)
            {
                if (reference is NameExpr name) yield return Head(name.Name, names);
            }
            foreach (var arg in op.Args)
            {
                if (IsGivenReference(arg)) yield return Head(arg.Word, names);
            }
        }
    }

    /// <summary>The layer a reference starts with: its longest dotted prefix that names one (<c>convs.0</c> in <c>convs.0.2</c>), else its first part.</summary>
    private static string Head(string dotted, ICollection<string> names)
    {
        // Most references are plain layer names: nothing to split.
        if (dotted.IndexOf('.') < 0) return dotted;
        var parts = dotted.Split('.');
        for (var length = parts.Length; length > 1; length--)
        {
            var prefix = string.Join(".", parts.Take(length));
            if (names.Contains(prefix)) return prefix;
        }
        return parts[0];
    }

    private int NodeInput(PendingNode node, List<PendingNode> nodes)
    {
        if (node.Spec.From is { } from) return Resolve(from, forUnpool: false);
        return node.Declared > 0 ? outputOf[nodes[node.Declared - 1].Spec.Name] : outputOf[spec.Inputs[0].Name];
    }

    private int Resolve(Expr reference, bool forUnpool)
    {
        if (reference is not NameExpr name)
        {
            Fail(reference.Location, $"expected a layer name, got '{reference.Text}'");
            return -1;
        }
        return Resolve(name.Name.Split('.'), name.Name, name.Location, forUnpool, tapInto: null);
    }

    /// <summary>The parts of a reference with its layer, which may be dotted (<c>convs.0</c>), as the first.</summary>
    private string[] WithLayerFirst(string[] parts)
    {
        // Most references are plain layer names: no need for the scope's names.
        if (parts.Length == 1) return parts;
        var head = Head(string.Join(".", parts), outputOf.Keys.Concat(inlined.Keys).ToList());
        var length = head.Split('.').Length;
        return length == 1 ? parts : new[] { head }.Concat(parts.Skip(length)).ToArray();
    }

    /// <summary>
    /// <c>layer</c> (its output), <c>layer.N</c> (op N of a chain), <c>layer.indices</c> (its max pool with indices);
    /// for unpool, <c>layer</c> means its last max pool with indices. A name that continues past a used model
    /// (<c>backbone.layer3</c>, <c>layer1.0.conv1</c>) resolves in its scope, where <paramref name="tapInto"/> is
    /// the caller's name for it. Returns −1 after reporting.
    /// </summary>
    private int Resolve(string[] parts, string written, SourceLocation location, bool forUnpool, string? tapInto)
    {
        parts = WithLayerFirst(parts);
        // An inlined layer resolves in the scope of the model that brings it, but has no prefix.
        var inliner = outputOf.ContainsKey(parts[0]) ? null : inlined.TryGetValue(parts[0], out var owner) ? owner : null;
        if (broken.Contains(inliner ?? parts[0])) return -1;
        if (inliner is not null && blocks.TryGetValue(inliner, out var inlinedBlock)) return inlinedBlock.Resolve(parts, written, location, forUnpool, Qualify(inliner));
        if (!outputOf.ContainsKey(parts[0]))
        {
            if (tapInto is not null && parts.Length == 1 && outputIds.TryGetValue(parts[0], out var output)) return output;
            var known = spec.Nodes.Select(n => n.Name).Concat(spec.Inputs.Select(i => i.Name));
            var hint = Names.Suggest(parts[0], tapInto is null ? known : known.Concat(outputIds.Keys));
            var declared = spec.Nodes.Any(n => n.Name == parts[0]);
            if (tapInto is not null)
            {
                Error(DiagnosticCatalog.UnknownTap, location, $"'{written}': {spec.Name} (used as '{tapInto}') has no layer, input or output '{parts[0]}'" +
                    (hint is null ? $"; its layers are {string.Join(", ", spec.Nodes.Select(n => n.Name))}" : $"; did you mean '{hint}'?"));
                return -1;
            }
            Error(DiagnosticCatalog.UnknownReference, location, declared
                ? $"'{parts[0]}' cannot be used here: it has errors of its own"
                : $"no layer or input named '{parts[0]}'" + (hint is null ? "" : $"; did you mean '{hint}'?"));
            return -1;
        }
        if (parts.Length == 1 && !forUnpool) return outputOf[parts[0]];
        if (parts.Length >= 2 && blocks.TryGetValue(parts[0], out var block))
        {
            return block.Resolve(parts.Skip(1).ToArray(), written, location, forUnpool, Qualify(parts[0]));
        }
        if (parts.Length >= 3 && blocks.TryGetValue($"{parts[0]}.{parts[1]}", out block))
        {
            return block.Resolve(parts.Skip(2).ToArray(), written, location, forUnpool, Qualify($"{parts[0]}.{parts[1]}"));
        }
        var members = opsOf.TryGetValue(parts[0], out var list) ? list : [];
        var missing = tapInto is null ? DiagnosticCatalog.UnknownReference : DiagnosticCatalog.UnknownTap;
        if (parts.Length == 1 || parts[1] == "indices")
        {
            var pool = members.Where(id => ops[id].Kind == OpKind.MaxPool && ops[id].Flag("indices")).DefaultIfEmpty(-1).Last();
            if (pool >= 0) return pool;
            var plain = members.Where(id => ops[id].Kind == OpKind.MaxPool).Select(id => ops[id]).LastOrDefault();
            Error(DiagnosticCatalog.PoolPairing, location, $"'{parts[0]}' has no maxpool with indices=true to unpool with" + (plain is null
                ? "; unpool takes a layer with a maxpool(…, indices=true)"
                : $"; its {plain.Text} ('{plain.Path}') does not keep its indices: write indices=true"));
            return -1;
        }
        if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < members.Count)
        {
            var member = ops[members[index]];
            if (!forUnpool || (member.Kind == OpKind.MaxPool && member.Flag("indices"))) return member.Id;
            // Only a pool that kept its indices can be unpooled; anything else has no indices to emit.
            Error(DiagnosticCatalog.PoolPairing, location,
                $"'{written}' is a {member.Kind.ToString().ToLowerInvariant()}, not a maxpool with indices=true to unpool with");
            return -1;
        }
        Error(missing, location,
            $"'{written}': '{parts[0]}' has no member '{string.Join(".", parts.Skip(1))}' (taps are '{parts[0]}.indices' or '{parts[0]}.N' for op N of its chain, 0 to {members.Count - 1}" +
            (blocks.Keys.Any(k => k.StartsWith(parts[0] + ".", System.StringComparison.Ordinal)) ? $", and into a used model, '{parts[0]}.N.layer'" : "") + ")");
        return -1;
    }

    private List<BoundOutput>? BindOutputs()
    {
        if (spec.Outputs.Count == 0)
        {
            var last = spec.Nodes.Count > 0 ? spec.Nodes[spec.Nodes.Count - 1] : null;
            return last is null ? null : [new BoundOutput("out", outputOf[last.Name], EquatableArray<Expr>.Empty, last.Location)];
        }
        var outputs = new List<BoundOutput>();
        foreach (var output in spec.Outputs)
        {
            if (!Present(output)) continue;
            var id = Resolve(output.Source, forUnpool: false);
            if (id < 0) return null;
            if (output.Shape.Count is not (0 or 4)) Error(DiagnosticCatalog.InvalidDeclaration, output.Location, $"output '{output.Name}' shape must be [N, C, H, W]");
            // Keywords are fine (torchvision's 'out'): the emitter writes them as @out.
            if (!Frontend.YamlFrontend.IsIdentifier(output.Name))
            {
                Error(DiagnosticCatalog.InvalidDeclaration, output.Location, $"output name '{output.Name}' must be an identifier (it names a member of the outputs record)");
            }
            outputs.Add(new BoundOutput(output.Name, id, output.Shape, output.Location));
            outputIds[output.Name] = id;
        }
        if (outputs.Count > 0) return outputs;
        Fail(spec.Location, $"model {spec.Name} has no output left: 'when' removes them all");
        return null;
    }

    /// <summary>An output with <c>when:</c> false is not there (an optional head's output goes with the head).</summary>
    private bool Present(OutputSpec output)
    {
        switch (output.When)
        {
            case null or BoolExpr { Value: true }:
                return true;
            case BoolExpr:
                return false;
            default:
                Fail(output.When.Location, $"output '{output.Name}': 'when' takes true, false or a bool option, got '{output.When.Text}'");
                return false;
        }
    }

    // ---- reporting -----------------------------------------------------------------------------

    private bool Fail(SourceLocation location, string message)
    {
        Error(DiagnosticCatalog.InvalidArgument, location, message);
        return false;
    }

    private void Error(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceLocation location, params string[] arguments) =>
        diagnostics.Add(DiagnosticCatalog.Create(descriptor, location, arguments));
}
