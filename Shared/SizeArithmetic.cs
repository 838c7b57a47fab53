namespace SegGen.Graphs;

/// <summary>
/// The integer arithmetic of output sizes. Compiled into both the generator (its shape engine evaluates
/// sizes with it) and the runtime (generated cost formulas call it through <c>Sizes</c>), so the two compute
/// sizes alike. Internal in both, so that a project that sees both assemblies sees one type.
/// </summary>
internal static class SizeArithmetic
{
    /// <summary>⌊a / d⌋ for d &gt; 0, rounding toward −∞ also for negative a (C# '/' truncates).</summary>
    public static long FloorDiv(long a, long d) => a >= 0 ? a / d : checked(-((-a + d - 1) / d));

    /// <summary>⌈a / d⌉ for d &gt; 0.</summary>
    public static long CeilDiv(long a, long d) => -FloorDiv(-a, d);

    /// <summary>
    /// PyTorch's ceil-mode pooling size for an input of <paramref name="input"/> whose window span is
    /// input + <paramref name="offset"/> (= in + 2p − d(k−1) − 1): ⌈span/s⌉ + 1, less a last window that
    /// would start past the input and its left padding.
    /// </summary>
    public static long CeilPool(long input, long offset, long stride, long padding)
    {
        var output = CeilDiv(checked(input + offset), stride) + 1;
        return checked((output - 1) * stride) >= checked(input + padding) ? output - 1 : output;
    }
}
