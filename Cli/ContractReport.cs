using System.Collections.Generic;
using SegGen.Generator.Binding;
using SegGen.Generator.Shapes;

namespace SegGen.Cli;

/// <summary>What <c>seggen check</c> prints for a model that checks: the sizes each input accepts and each output's shape.</summary>
internal static class ContractReport
{
    public static IEnumerable<string> Lines(string path, BoundModel model, ShapeResult shapes)
    {
        yield return $"{path}: model {model.Name}";
        for (var i = 0; i < model.Inputs.Count; i++)
        {
            yield return $"  input {model.Inputs[i].Name} {model.Inputs[i].ShapeText}: {shapes.Contracts[i].Text}";
        }
        foreach (var output in model.Outputs)
        {
            yield return $"  output {output.Name} {shapes.Of(output.OpId).Text}";
        }
    }
}
