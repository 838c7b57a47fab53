using SegGen.Generator.Common;
using SegGen.Generator.Model;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Binding;

// The model after name resolution: typed arguments, references as op ids, ops in dependency order.

/// <summary>An argument value checked against its <see cref="ArgSchema"/> (defaults filled in).</summary>
public sealed record BoundArg(
    string Name,
    ArgType Type,
    bool Given,
    long Integer,
    double Number,
    bool Flag,
    string Word,
    ChannelExpr? Channels,
    int Reference,
    string CSharp,
    SourceLocation Location);

/// <summary>
/// One op of the graph. <see cref="Path"/> is its PyTorch state-dict prefix (<c>enc1.0</c> in a chain,
/// <c>score_fr</c> alone, <c>backbone.layer1.0.conv1</c> inside used models, whose ops have their
/// <see cref="Node"/> qualified by the use's path); <see cref="Inputs"/> are the ops whose outputs it
/// consumes, first the data input.
/// </summary>
public sealed record BoundOp(
    int Id,
    OpKind Kind,
    string Node,
    int Index,
    EquatableArray<int> Inputs,
    EquatableArray<BoundArg> Args,
    string Text,
    string? Origin,
    SourceLocation Location)
{
    // Both are set once, from Node and Index, which no op changes after binding (no `with` on them): the emitters and
    // the binder's name checks ask for them several times an op, and a ResNet has a thousand ops.
    public string Path { get; } = PathOf(Node, Index);

    public string FieldName { get; } = PathOf(Node, Index).Replace('.', '_');

    private static string PathOf(string node, int index) => index < 0 ? node : $"{node}.{index}";

    public BoundArg Arg(string name)
    {
        foreach (var arg in Args)
        {
            if (arg.Name == name) return arg;
        }
        throw new System.ArgumentException($"op {Kind} has no argument '{name}'");
    }

    public long Int(string name) => Arg(name).Integer;

    public bool Flag(string name) => Arg(name).Flag;

    /// <summary>Convolutions and batch norm carry parameters and become fields.</summary>
    public bool HasState => Kind is OpKind.Conv or OpKind.Deconv or OpKind.BatchNorm;
}

/// <summary>A spatial input dimension: its symbol and the sizes the declaration allows (<c>32*h</c>: ≡ 0 mod 32).</summary>
public sealed record DimDeclaration(string Symbol, long Modulus, long Residue, SourceLocation Location);

public sealed record BoundInput(string Name, int OpId, string Batch, ChannelExpr Channels, DimDeclaration Height, DimDeclaration Width, SourceLocation Location)
{
    public string ShapeText => $"[{Batch}, {Channels.Text}, {DeclaredText(Height)}, {DeclaredText(Width)}]";

    private static string DeclaredText(DimDeclaration d) =>
        d.Modulus == 1 ? d.Symbol : d.Residue == 0 ? $"{d.Modulus}·k" : $"{d.Modulus}·k+{d.Residue}";
}

public sealed record BoundHyperparameter(string Name, HyperparameterKind Kind, string DefaultCSharp, long IntegerDefault, SourceLocation Location);

/// <summary>A model output; <see cref="Shape"/> is the declared [N, C, H, W] to check, if any.</summary>
public sealed record BoundOutput(string Name, int OpId, EquatableArray<Expr> Shape, SourceLocation Location);

public sealed record BoundModel(
    string Name,
    string? Namespace,
    string? Summary,
    string SourcePath,
    EquatableArray<BoundHyperparameter> Hyperparameters,
    EquatableArray<BoundInput> Inputs,
    EquatableArray<BoundOp> Ops,
    EquatableArray<BoundOutput> Outputs,
    SourceLocation Location)
{
    /// <summary>The op with id <paramref name="id"/>: the binder numbers ops by their index, as the shape engine and emitters rely on.</summary>
    public BoundOp Op(int id) => Ops[id];
}
