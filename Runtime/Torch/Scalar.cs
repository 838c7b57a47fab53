namespace SegGen.Torch;

internal enum ScalarKind : sbyte { Floating = 0, Integral = 1, Boolean = 2 }

/// <summary>
/// A number passed to a tensor op. Its kind is kept so that, as in PyTorch, an integer tensor plus
/// an integer stays integral while plus a floating-point number promotes.
/// </summary>
public readonly struct Scalar
{
    internal readonly double Value;
    internal readonly ScalarKind Kind;

    private Scalar(double value, ScalarKind kind)
    {
        Value = value;
        Kind = kind;
    }

    public static implicit operator Scalar(double value) => new(value, ScalarKind.Floating);
    public static implicit operator Scalar(float value) => new(value, ScalarKind.Floating);
    public static implicit operator Scalar(long value) => new(value, ScalarKind.Integral);
    public static implicit operator Scalar(int value) => new(value, ScalarKind.Integral);
    public static implicit operator Scalar(bool value) => new(value ? 1 : 0, ScalarKind.Boolean);

    public override string ToString() => Kind switch
    {
        ScalarKind.Integral => ((long)Value).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ScalarKind.Boolean => Value != 0 ? "true" : "false",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
