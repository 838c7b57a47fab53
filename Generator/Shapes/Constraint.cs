using SegGen.Generator.Common;

namespace SegGen.Generator.Shapes;

/// <summary>A condition on spatial sizes that the graph needs to run: Left − Right − Offset compared with 0 (or Left ≥ 1).</summary>
internal enum ConstraintKind
{
    /// <summary>A size produced by an op is at least 1.</summary>
    Positive,
    /// <summary>Two sizes that an op combines are equal (add, concat, unpool, a declared output).</summary>
    Equal,
    /// <summary>A size is at least another plus an offset (crop).</summary>
    AtLeast,
}

/// <param name="What">The op (or output) that needs it, e.g. <c>fuse_pool4</c>.</param>
/// <param name="Detail">What that op does with the sizes, e.g. <c>adds 'upscore2' and 'score_pool4c'</c>.</param>
/// <param name="Operands">The layers whose sizes an add or concat compares, left then right, for a fix hint.</param>
internal sealed record Constraint(ConstraintKind Kind, SpatialExpr Left, SpatialExpr Right, long Offset, int OpId, string What, string Detail, SourceLocation Location,
    (string Left, string Right)? Operands = null)
{
    public string? Symbol => Left.Symbol ?? Right.Symbol;

    /// <summary>The value that must be ≥ 1 (Positive), = 0 (Equal) or ≥ 0 (AtLeast) at input size x.</summary>
    public long Evaluate(long x) => Kind == ConstraintKind.Positive ? Left.Evaluate(x) : checked(Left.Evaluate(x) - Right.Evaluate(x) - Offset);

    /// <summary>Whether the condition holds at input size x.</summary>
    public bool HoldsAt(long x) => Kind switch
    {
        ConstraintKind.Positive => Evaluate(x) >= 1,
        ConstraintKind.Equal => Evaluate(x) == 0,
        _ => Evaluate(x) >= 0,
    };

    public long Modulus => IntegerMath.Lcm(Left.Modulus, Right.Modulus);
}
