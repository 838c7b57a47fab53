using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Each op's symbolic shape as text, rendered once per emission: the module's field docs, both forwards' comments
/// and the graph each write it, and rendering the size formulas is a large part of what emitting a model costs.
/// </summary>
internal sealed class ShapeTexts(ShapeResult shapes)
{
    private readonly string?[] texts = new string?[shapes.Shapes.Count];

    public string Of(int opId) => texts[opId] ??= shapes.Of(opId).Text;
}
