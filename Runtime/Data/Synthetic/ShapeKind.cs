namespace SegGen.Data.Synthetic;

/// <summary>The shapes the synthetic set can draw; each one in use is a class.</summary>
public enum ShapeKind
{
    Disc,

    /// <summary>A square or, with its aspect below 1, a rectangle.</summary>
    Square,

    /// <summary>An equilateral triangle.</summary>
    Triangle,

    /// <summary>A disc with a concentric hole through which what lies below shows.</summary>
    Ring,

    /// <summary>A plus sign: two bars crossing at their centres.</summary>
    Cross,
}
