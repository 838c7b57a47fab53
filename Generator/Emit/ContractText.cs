using System.Linq;
using SegGen.Generator.Binding;
using SegGen.Generator.Shapes;

namespace SegGen.Generator.Emit;

/// <summary>The one-line contract written into the metadata attribute, read back by tools and other assemblies.</summary>
internal static class ContractText
{
    public static string Describe(BoundModel model, ShapeResult shapes) =>
        string.Join(" | ", model.Inputs.Zip(shapes.Contracts, (input, contract) => $"{input.Name}: {input.ShapeText}; {contract.Text}"));
}
