using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SegGen.Contracts;
using SegGen.Generator.Common;

namespace SegGen.Generator.Shapes;

/// <summary>The symbolic shape of one op's output: [N, C, H, W].</summary>
public sealed record OpShape(int OpId, string Batch, ChannelExpr Channels, SpatialExpr Height, SpatialExpr Width)
{
    public string Text => $"[{Batch}, {Channels.Text}, {Height.Text}, {Width.Text}]";
}

/// <summary>
/// The sizes one spatial input dimension accepts: size X is accepted iff
/// <c>MinimumByResidue[X mod Modulus]</c> is ≥ 1 and X is at least that value (−1: never).
/// </summary>
public sealed record DimContract(string Symbol, long Modulus, EquatableArray<long> MinimumByResidue)
{
    public bool Accepts(long size) =>
        size >= 1 && MinimumByResidue[(int)(size % Modulus)] is var minimum && minimum >= 1 && size >= minimum;

    public bool AcceptsAny => MinimumByResidue.Any(m => m >= 1);

    public long SmallestAccepted => MinimumByResidue.Where(m => m >= 1).DefaultIfEmpty(-1).Min();

    /// <summary>The shortest period of the accepted residues (a divisor of <see cref="Modulus"/>).</summary>
    public long Period => ContractWording.Period(MinimumByResidue);

    /// <summary>In words: <c>H ≡ 0 (mod 32), H ≥ 32</c>, or <c>H ≥ 1</c>.</summary>
    public string Text => ContractWording.Describe(Symbol, MinimumByResidue);
}

/// <summary>The contract of one input: its channels and what its height and width accept.</summary>
public sealed record InputContract(string Input, ChannelExpr Channels, DimContract Height, DimContract Width)
{
    public string Text => $"{Height.Text}; {Width.Text}";
}

public sealed record ShapeResult(EquatableArray<OpShape> Shapes, EquatableArray<InputContract> Contracts)
{
    public OpShape Of(int opId) => Shapes[opId];

    public static ShapeResult Empty { get; } = new(EquatableArray<OpShape>.Empty, EquatableArray<InputContract>.Empty);

    internal static EquatableArray<long> Table(IEnumerable<long> values) => values.ToEquatableArray();
}
