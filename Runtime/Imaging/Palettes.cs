using static SegGen.Torch.torch;

namespace SegGen.Imaging;

/// <summary>Colour maps for palette PNG masks (<see cref="Image.write_palette_png"/>).</summary>
public static class Palettes
{
    /// <summary>
    /// The PASCAL VOC devkit's colour map (labelcolormap.m), which VOC's SegmentationClass PNGs carry:
    /// uint8 <c>[256, 3]</c>; class 0 is black, 255 (void) is (224, 224, 192). The bits of a class index
    /// are dealt out in turn to the top bits of R, G and B, so nearby classes get distinct colours.
    /// </summary>
    public static Tensor voc()
    {
        var colours = new byte[256 * 3];
        for (var index = 0; index < 256; index++)
        {
            var value = index;
            for (var bit = 7; bit >= 0; bit--, value >>= 3)
            {
                for (var channel = 0; channel < 3; channel++)
                {
                    colours[index * 3 + channel] |= (byte)(((value >> channel) & 1) << bit);
                }
            }
        }
        return tensor(colours, [256, 3]);
    }
}
