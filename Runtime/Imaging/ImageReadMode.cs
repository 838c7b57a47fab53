namespace SegGen.Imaging;

/// <summary>
/// What <see cref="Image"/>'s decoders convert an image to; torchvision's <c>ImageReadMode</c>, with its
/// values, less GRAY_ALPHA and RGB_ALPHA.
/// </summary>
public enum ImageReadMode
{
    /// <summary>The channels as stored: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA; a palette PNG gives its indices.</summary>
    UNCHANGED = 0,

    /// <summary>One gray channel; alpha is dropped, colour converted with libpng's or libjpeg's weights.</summary>
    GRAY = 1,

    /// <summary>Three channels; alpha is dropped, gray repeated, a palette looked up.</summary>
    RGB = 3,
}
