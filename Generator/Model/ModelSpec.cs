using SegGen.Generator.Common;

namespace SegGen.Generator.Model;

// The IR every frontend produces: the model as declared, every element located, macros and
// repeats already expanded. Nothing here is checked yet beyond syntax. Composition needs no node
// type of its own: a use of another model is the op "use" whose first argument names the model
// (OpSpec("use", [ModelName, option=value, …])); see Binder.

/// <summary>One declared model. <see cref="Options"/> are compile-time constants (default: none).</summary>
public sealed record ModelSpec(
    string Name,
    string? Namespace,
    string? Summary,
    EquatableArray<HyperparameterSpec> Hyperparameters,
    EquatableArray<InputSpec> Inputs,
    EquatableArray<NodeSpec> Nodes,
    EquatableArray<OutputSpec> Outputs,
    SourceLocation Location,
    EquatableArray<OptionSpec> Options = default);

public enum HyperparameterKind { Int, Float, Bool }

/// <summary>A constructor argument with its default, e.g. <c>classes: 21</c>.</summary>
public sealed record HyperparameterSpec(string Name, HyperparameterKind Kind, Expr Default, SourceLocation Location);

/// <summary>
/// A construction-time option, e.g. <c>dilation: 1</c>: a literal (integer, number, true/false or a list of
/// them) substituted wherever its name is written before the model is checked, so it may stand where
/// only literals may (strides, dilations, flags). A use site may give other values: the used model is
/// then checked and emitted with those.
/// </summary>
public sealed record OptionSpec(string Name, Expr Default, SourceLocation Location);

/// <summary>A model input and its declared shape, e.g. <c>image: [N, 3, H, W]</c>.</summary>
public sealed record InputSpec(string Name, EquatableArray<Expr> Dims, SourceLocation Location);

/// <summary>
/// A named layer: one op, or a chain of ops (numbered 0, 1, … as in a PyTorch Sequential).
/// Its input is <see cref="From"/> when given, else the previous layer (or the first input).
/// With <see cref="When"/> (a bool option) false, the layer is absent: its name then stands for its input.
/// With <see cref="Inline"/>, its one op is a use whose layers are placed at this model's level, not under the
/// layer's name (torchvision's <c>features.0</c> in a model built on <c>vgg16().features</c>).
/// </summary>
public sealed record NodeSpec(string Name, Expr? From, EquatableArray<OpSpec> Ops, bool IsChain, SourceLocation Location, Expr? When = null, bool Inline = false);

/// <summary>One op with its arguments; <see cref="Origin"/> names the macro call it came from, if any.</summary>
public sealed record OpSpec(string Op, EquatableArray<ArgSpec> Args, string? Origin, SourceLocation Location)
{
    public string Text => Args.Count == 0 ? Op : $"{Op}({string.Join(", ", System.Linq.Enumerable.Select(Args, a => a.Text))})";
}

/// <summary>A positional (<see cref="Name"/> null) or named argument.</summary>
public sealed record ArgSpec(string? Name, Expr Value, SourceLocation Location)
{
    public string Text => Name is null ? Value.Text : $"{Name}={Value.Text}";
}

/// <summary>A model output: a reference to a layer, with an optional declared shape to check.</summary>
public sealed record OutputSpec(string Name, Expr Source, EquatableArray<Expr> Shape, SourceLocation Location, Expr? When = null);
