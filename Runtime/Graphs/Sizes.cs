namespace SegGen.Graphs;

/// <summary>What generated cost formulas call for sizes: the shape engine's own size arithmetic (Shared/SizeArithmetic.cs).</summary>
public static class Sizes
{
    /// <summary>⌊a / d⌋ for d &gt; 0.</summary>
    public static long FloorDiv(long a, long d) => SizeArithmetic.FloorDiv(a, d);

    /// <summary>PyTorch's ceil-mode pooling size (see <c>SizeArithmetic.CeilPool</c>).</summary>
    public static long CeilPool(long input, long offset, long stride, long padding) => SizeArithmetic.CeilPool(input, offset, stride, padding);
}
