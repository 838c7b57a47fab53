namespace SegGen.Generator.Shapes;

/// <summary>An exact fraction in lowest terms with a positive denominator.</summary>
public readonly record struct Rational
{
    public Rational(long numerator, long denominator)
    {
        if (denominator < 0) (numerator, denominator) = (-numerator, -denominator);
        var g = IntegerMath.Gcd(System.Math.Abs(numerator), denominator);
        if (g > 1) (numerator, denominator) = (numerator / g, denominator / g);
        Numerator = numerator;
        Denominator = denominator;
    }

    public long Numerator { get; }

    public long Denominator { get; }

    public static Rational operator *(Rational a, long b) => new(checked(a.Numerator * b), a.Denominator);

    public static Rational operator /(Rational a, long b) => new(a.Numerator, checked(a.Denominator * b));
}

internal static class IntegerMath
{
    public static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }

    public static long Lcm(long a, long b) => checked(a / Gcd(a, b) * b);

    public static long FloorDiv(long a, long d) => Graphs.SizeArithmetic.FloorDiv(a, d);

    public static long CeilDiv(long a, long d) => Graphs.SizeArithmetic.CeilDiv(a, d);
}
