using System;

namespace SegGen.Data.Synthetic;

/// <summary>One shape of a scene: what it is, where it lies, how it is turned, and how it is filled.</summary>
public readonly struct PlacedShape
{
    private readonly float cos, sin;

    internal PlacedShape(ShapeKind kind, int classIndex, float centerX, float centerY, float size, float rotation, float detail, Texture texture)
    {
        (Kind, ClassIndex, CenterX, CenterY, Size, Rotation, Detail, Texture) = (kind, classIndex, centerX, centerY, size, rotation, detail, texture);
        (sin, cos) = MathF.SinCos(rotation);
    }

    public ShapeKind Kind { get; }

    /// <summary>The label its visible pixels get in the mask.</summary>
    public int ClassIndex { get; }

    /// <summary>The centre, in pixels from the image's top-left corner (pixel centres lie at half-integers).</summary>
    public float CenterX { get; }

    public float CenterY { get; }

    /// <summary>The size in pixels: a disc's or ring's radius, a cross's arm length; squares and triangles are scaled to similar areas.</summary>
    public float Size { get; }

    /// <summary>Radians, clockwise on screen.</summary>
    public float Rotation { get; }

    /// <summary>A square's aspect, a ring's hole radius or a cross's bar half-width, as a fraction of <see cref="Size"/>.</summary>
    public float Detail { get; }

    internal Texture Texture { get; }

    /// <summary>The area in square pixels of the whole shape (before anything covers it).</summary>
    public double Area => ShapeGeometry.Area(Kind, Size, Detail);

    /// <summary>The distance from the centre to the shape's farthest point.</summary>
    public float BoundingRadius => ShapeGeometry.BoundingRadius(Kind, Size, Detail);

    /// <summary>The signed distance in pixels from the image point (x, y) to the shape's outline: negative inside.</summary>
    public float SignedDistance(float x, float y)
    {
        var (dx, dy) = (x - CenterX, y - CenterY);
        return ShapeGeometry.SignedDistance(Kind, dx * cos + dy * sin, dy * cos - dx * sin, Size, Detail);
    }
}
