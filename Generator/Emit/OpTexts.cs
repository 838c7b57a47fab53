using SegGen.Generator.Binding;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>
/// Each op's symbolic shape and source line as text, rendered once per emission: the module's field docs, both
/// forwards' comments and the graph each write them, and rendering them anew each time (the size formulas above all)
/// is a large part of what emitting a model costs.
/// </summary>
internal sealed class OpTexts(BoundModel model, ShapeResult shapes)
{
    private readonly string?[] shapeTexts = new string?[shapes.Shapes.Count];
    private readonly string?[] lines = new string?[model.Ops.Count];

    public string Shape(int opId) => shapeTexts[opId] ??= shapes.Of(opId).Text;

    /// <summary>"file.seg.yaml:12", as <see cref="Common.SourceLocation.ShortText"/>.</summary>
    public string Line(int opId) => lines[opId] ??= model.Ops[opId].Location.ShortText;
}
