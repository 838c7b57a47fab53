using System;

namespace SegGen.Data.Synthetic;

/// <summary>Paints a scene into a planar RGB image and its mask.</summary>
internal static class SceneRenderer
{
    public static SegmentationSample Render(SyntheticScene scene)
    {
        var (height, width) = (scene.Height, scene.Width);
        var image = new float[3 * height * width];
        var mask = new long[height * width];
        PaintBackground(scene.Background, image, height, width);
        foreach (var shape in scene.Shapes) PaintShape(shape, image, mask, height, width);
        AddNoise(image, scene.NoiseSeed, scene.Noise);
        return new SegmentationSample(height, width, image, mask);
    }

    private static void PaintBackground(Texture texture, float[] image, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++) Put(image, y * width + x, texture.At(x + 0.5f, y + 0.5f), 1);
        }
    }

    /// <summary>
    /// Covers the pixels under the shape: the colour blends by the shape's coverage of the pixel (anti-aliased
    /// edges), while the mask takes the shape's class exactly where the pixel's centre lies inside.
    /// </summary>
    private static void PaintShape(PlacedShape shape, float[] image, long[] mask, int height, int width)
    {
        // Coverage reaches half a pixel beyond the outline; one pixel of slack keeps rounding out of the question.
        var reach = shape.BoundingRadius + 1;
        var (left, right) = (Math.Max(0, (int)(shape.CenterX - reach)), Math.Min(width - 1, (int)(shape.CenterX + reach)));
        var (top, bottom) = (Math.Max(0, (int)(shape.CenterY - reach)), Math.Min(height - 1, (int)(shape.CenterY + reach)));
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                var (px, py) = (x + 0.5f, y + 0.5f);
                var distance = shape.SignedDistance(px, py);
                // An edge at signed distance d from a pixel's centre covers about 0.5 − d of the pixel.
                var coverage = Math.Clamp(0.5f - distance, 0, 1);
                if (coverage == 0) continue;
                var pixel = y * width + x;
                Put(image, pixel, shape.Texture.At(px - shape.CenterX, py - shape.CenterY), coverage);
                if (distance < 0) mask[pixel] = shape.ClassIndex;
            }
        }
    }

    /// <summary>Blends <paramref name="colour"/> over the pixel with weight <paramref name="alpha"/>.</summary>
    private static void Put(float[] image, int pixel, Rgb colour, float alpha)
    {
        var plane = image.Length / 3;
        image[pixel] += (colour.R - image[pixel]) * alpha;
        image[plane + pixel] += (colour.G - image[plane + pixel]) * alpha;
        image[2 * plane + pixel] += (colour.B - image[2 * plane + pixel]) * alpha;
    }

    /// <summary>Adds triangular noise in (−amplitude, amplitude): the sum of two uniforms, both cut from one 64-bit draw.</summary>
    private static void AddNoise(float[] image, ulong seed, float amplitude)
    {
        if (amplitude == 0) return;
        var random = new SplitMix64(seed);
        const float Scale = 1f / 4294967296f;
        for (var i = 0; i < image.Length; i++)
        {
            var bits = random.NextUInt64();
            var noise = ((float)(uint)bits + (uint)(bits >> 32)) * Scale - 1;
            image[i] = Math.Clamp(image[i] + amplitude * noise, 0, 1);
        }
    }
}
