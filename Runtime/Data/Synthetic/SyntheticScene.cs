using System.Collections.Generic;

namespace SegGen.Data.Synthetic;

/// <summary>
/// The layout of one synthetic sample, drawn before any pixel is: the background, the shapes in painting
/// order (later ones cover earlier ones) and the seed of the pixel noise.
/// </summary>
public sealed class SyntheticScene
{
    internal SyntheticScene(int height, int width, Texture background, IReadOnlyList<PlacedShape> shapes, ulong noiseSeed, float noise)
    {
        (Height, Width, Background, Shapes, NoiseSeed, Noise) = (height, width, background, shapes, noiseSeed, noise);
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The shapes, bottom first.</summary>
    public IReadOnlyList<PlacedShape> Shapes { get; }

    internal Texture Background { get; }

    internal ulong NoiseSeed { get; }

    /// <summary>The largest noise added to a channel value.</summary>
    internal float Noise { get; }
}
