namespace SegGen.Graphs;

/// <summary>
/// The one formula of a convolution's cost, called by generated <c>MultiplyAccumulates</c> formulas and by
/// <c>seggen summary</c>, so the two count alike.
/// </summary>
public static class Costs
{
    /// <summary>
    /// Multiply-accumulates of a (transposed) convolution for one image: each of its
    /// in·out/groups·k² weights once at each of height × width positions (the output's for a convolution, the
    /// input's for a transposed one). In 64 bits; an overflow throws.
    /// </summary>
    public static long Convolution(long inChannels, long outChannels, long groups, long kernel, long height, long width) =>
        checked(inChannels * outChannels / groups * kernel * kernel * height * width);
}
