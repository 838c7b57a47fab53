using System.Globalization;

namespace SegGen.Generator.Shapes;

/// <summary>
/// A height or width as a quasi-affine function of one input size X: compositions of affine maps,
/// floor division and PyTorch's ceil-mode pooling. For X = M·q + r with M = <see cref="Modulus"/>,
/// the value is exactly affine in q on each residue r, which is what makes shape questions decidable.
/// Build values with the factory methods: they fold what can be folded, so equal sizes print alike.
/// Arithmetic is checked: a model whose strides or scales compound past 64 bits gets an
/// <see cref="System.OverflowException"/>, which the engine reports, rather than wrong sizes.
/// </summary>
public abstract record SpatialExpr
{
    /// <summary>The input size symbol this depends on, or null for a constant.</summary>
    public abstract string? Symbol { get; }

    /// <summary>The value at input size <paramref name="x"/> (exact integer arithmetic).</summary>
    public abstract long Evaluate(long x);

    /// <summary>Smallest M such that the value is affine in q on every residue class X = M·q + r.</summary>
    public abstract long Modulus { get; }

    /// <summary>d value / dX on the large scale.</summary>
    public abstract Rational Slope { get; }

    /// <summary>Readable form, e.g. <c>⌊(H+6)/16⌋</c>.</summary>
    public abstract string Text { get; }

    /// <summary>True when <see cref="Text"/> needs parentheses inside a sum or product.</summary>
    internal virtual bool IsCompound => false;

    public static SpatialExpr Size(string symbol) => new SymbolDim(symbol);

    public static SpatialExpr Const(long value) => new ConstDim(value);

    /// <summary>a·inner + b.</summary>
    public static SpatialExpr Linear(SpatialExpr inner, long a, long b) => (inner, a, b) switch
    {
        (_, 1, 0) => inner,
        (ConstDim c, _, _) => new ConstDim(checked(a * c.Value + b)),
        (_, 0, _) => new ConstDim(b),
        (LinearDim l, _, _) => Linear(l.Inner, checked(a * l.A), checked(a * l.B + b)),
        // ⌊x/d⌋ + b = ⌊(x + b·d)/d⌋: pooling formulas then print as ⌊H/2⌋ rather than ⌊(H-2)/2⌋+1.
        (FloorDivDim f, 1, _) => FloorDiv(Linear(f.Inner, 1, checked(b * f.D)), f.D),
        _ => new LinearDim(inner, a, b),
    };

    /// <summary>⌊inner / d⌋, using ⌊(⌊x/a⌋ + c)/d⌋ = ⌊(x + a·c)/(a·d)⌋ to keep nested pooling flat.</summary>
    public static SpatialExpr FloorDiv(SpatialExpr inner, long d) => (inner, d) switch
    {
        (_, 1) => inner,
        (ConstDim c, _) => new ConstDim(IntegerMath.FloorDiv(c.Value, d)),
        (FloorDivDim f, _) => FloorDiv(f.Inner, checked(f.D * d)),
        (LinearDim { A: 1, Inner: FloorDivDim f } l, _) => FloorDiv(Linear(f.Inner, 1, checked(f.D * l.B)), checked(f.D * d)),
        _ => new FloorDivDim(inner, d),
    };

    /// <summary>
    /// PyTorch's pooling output size: ⌊ or ⌈ (in + 2p − d(k−1) − 1)/s ⌉ + 1, where in ceil mode a last
    /// window that would start past the input and its left padding is dropped.
    /// </summary>
    public static SpatialExpr Pool(SpatialExpr input, long kernel, long stride, long padding, long dilation, bool ceil)
    {
        var reach = checked(dilation * (kernel - 1) + 1);
        var offset = checked(2 * padding - reach);
        if (!ceil || stride == 1) return Linear(FloorDiv(Linear(input, 1, offset), stride), 1, 1);
        // The last window starts before in + p whenever p + s ≤ reach (as in every usual pooling), so
        // nothing is dropped and ⌈span/s⌉ + 1 = ⌊(span + 2s − 1)/s⌋ stays in the flat floor form.
        return padding + stride <= reach
            ? FloorDiv(Linear(input, 1, checked(offset + 2 * stride - 1)), stride)
            : new CeilPoolDim(input, offset, stride, padding);
    }

    internal string Wrapped => IsCompound ? "(" + Text + ")" : Text;
}

public sealed record SymbolDim(string Name) : SpatialExpr
{
    public override string? Symbol => Name;
    public override long Evaluate(long x) => x;
    public override long Modulus => 1;
    public override Rational Slope => new(1, 1);
    public override string Text => Name;
}

public sealed record ConstDim(long Value) : SpatialExpr
{
    public override string? Symbol => null;
    public override long Evaluate(long x) => Value;
    public override long Modulus => 1;
    public override Rational Slope => new(0, 1);
    public override string Text => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed record LinearDim(SpatialExpr Inner, long A, long B) : SpatialExpr
{
    public override string? Symbol => Inner.Symbol;
    public override long Evaluate(long x) => checked(A * Inner.Evaluate(x) + B);
    public override long Modulus => Inner.Modulus;
    public override Rational Slope => Inner.Slope * A;
    internal override bool IsCompound => B != 0;

    public override string Text
    {
        get
        {
            var scaled = A == 1 ? Inner.Text : A == -1 ? "-" + Inner.Wrapped : A.ToString(CultureInfo.InvariantCulture) + Inner.Wrapped;
            return B == 0 ? scaled : B > 0 ? $"{scaled}+{B}" : $"{scaled}{B}";
        }
    }
}

public sealed record FloorDivDim(SpatialExpr Inner, long D) : SpatialExpr
{
    public override string? Symbol => Inner.Symbol;
    public override long Evaluate(long x) => IntegerMath.FloorDiv(Inner.Evaluate(x), D);
    public override long Modulus => ModulusForDivision(Inner, D);
    public override Rational Slope => Inner.Slope / D;
    public override string Text => $"⌊{Inner.Wrapped}/{D}⌋";

    /// <summary>The modulus at which ⌊inner/d⌋ becomes affine per residue: inner's, times the least t with d | slope·M·t.</summary>
    internal static long ModulusForDivision(SpatialExpr inner, long d)
    {
        var slope = inner.Slope;
        var modulus = inner.Modulus;
        if (slope.Numerator == 0) return modulus;
        // inner grows by step per period M; the least such t is d / gcd(step, d) (no search: d can be huge).
        var step = checked(slope.Numerator * modulus) / slope.Denominator;
        return checked(modulus * (d / IntegerMath.Gcd(System.Math.Abs(step), d)));
    }
}

/// <summary>
/// Ceil-mode pooling of the span Input + <see cref="Offset"/> (= in + 2p − d(k−1) − 1); its dropped-window
/// correction is constant on each residue class.
/// </summary>
public sealed record CeilPoolDim(SpatialExpr Input, long Offset, long Stride, long Padding) : SpatialExpr
{
    private SpatialExpr Span => Linear(Input, 1, Offset);

    public override string? Symbol => Input.Symbol;

    // Input is evaluated once: through Span as well, nested ceil-mode pools would cost 2^depth.
    public override long Evaluate(long x) => Graphs.SizeArithmetic.CeilPool(Input.Evaluate(x), Offset, Stride, Padding);

    public override long Modulus => FloorDivDim.ModulusForDivision(Span, Stride);
    public override Rational Slope => Span.Slope / Stride;
    public override string Text => $"⌈{Span.Wrapped}/{Stride}⌉+1";
    internal override bool IsCompound => true;
}
