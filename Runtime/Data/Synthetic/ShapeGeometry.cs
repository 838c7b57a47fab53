using System;

namespace SegGen.Data.Synthetic;

/// <summary>
/// Each shape as a signed distance in its own frame (centred, unrotated, in pixels): negative inside.
/// The sign alone decides the mask, so it is exact; the magnitude only drives anti-aliasing, so the
/// polygons use the maximum of their edge distances, exact inside and a slight underestimate off corners.
/// </summary>
internal static class ShapeGeometry
{
    // Scale factors that give the shapes similar areas for the same size, so no class is systematically small.
    private const float SquareHalfSide = 0.85f;
    private const float TriangleCircumradius = 1.4f;

    private static readonly float Sqrt3 = MathF.Sqrt(3);

    /// <summary>
    /// The signed distance at (x, y) for a shape of <paramref name="size"/> pixels (a disc's radius) and
    /// <paramref name="detail"/>, the kind's second parameter (see <see cref="PlacedShape.Detail"/>).
    /// </summary>
    public static float SignedDistance(ShapeKind kind, float x, float y, float size, float detail) => kind switch
    {
        ShapeKind.Disc => Length(x, y) - size,
        ShapeKind.Square => Box(x, y, SquareHalfSide * size, SquareHalfSide * size * detail),
        ShapeKind.Triangle => Triangle(x, y, TriangleCircumradius * size),
        ShapeKind.Ring => MathF.Abs(Length(x, y) - size * (1 + detail) / 2) - size * (1 - detail) / 2,
        ShapeKind.Cross => MathF.Min(Box(x, y, size, size * detail), Box(x, y, size * detail, size)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static double Area(ShapeKind kind, float size, float detail)
    {
        double s = size, d = detail;
        return kind switch
        {
            ShapeKind.Disc => Math.PI * s * s,
            ShapeKind.Square => 4 * SquareHalfSide * SquareHalfSide * s * s * d,
            ShapeKind.Triangle => 3 * Math.Sqrt(3) / 4 * TriangleCircumradius * TriangleCircumradius * s * s,
            ShapeKind.Ring => Math.PI * s * s * (1 - d * d),
            ShapeKind.Cross => 8 * d * s * s - 4 * d * d * s * s,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The distance from the centre to the farthest point of the shape.</summary>
    public static float BoundingRadius(ShapeKind kind, float size, float detail) => kind switch
    {
        ShapeKind.Square => SquareHalfSide * size * MathF.Sqrt(1 + detail * detail),
        ShapeKind.Triangle => TriangleCircumradius * size,
        ShapeKind.Cross => size * MathF.Sqrt(1 + detail * detail),
        _ => size,
    };

    private static float Length(float x, float y) => MathF.Sqrt(x * x + y * y);

    private static float Box(float x, float y, float halfWidth, float halfHeight) =>
        MathF.Max(MathF.Abs(x) - halfWidth, MathF.Abs(y) - halfHeight);

    /// <summary>An equilateral triangle: three edges at the inradius (half the circumradius) from the centre.</summary>
    private static float Triangle(float x, float y, float circumradius)
    {
        // Outward unit normals (0, 1) and (±√3/2, −1/2), y pointing down: one edge at the bottom, the apex at the top.
        var bottom = y;
        var right = Sqrt3 / 2 * x - y / 2;
        var left = -Sqrt3 / 2 * x - y / 2;
        return MathF.Max(bottom, MathF.Max(right, left)) - circumradius / 2;
    }
}
