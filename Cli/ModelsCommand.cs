using System.CommandLine;
using System.Globalization;
using System.Linq;
using SegGen.Cli.Models;

namespace SegGen.Cli;

/// <summary><c>seggen models</c>: the zoo, each model with the input sizes it accepts (its derived contract), outputs and hyperparameters.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the models of SegGen's zoo with the input sizes each accepts, its outputs, hyperparameters and parameter count");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var model in ModelCatalog.All)
            {
                output.WriteLine(Declarations.Summary(model.Name) is { } summary ? $"{model.Name}: {summary}" : model.Name);
                foreach (var input in model.Contract.Inputs) output.WriteLine($"  input   {input}");
                foreach (var (name, node) in model.Graph.Outputs)
                {
                    output.WriteLine($"  output  {name} {model.Graph.Nodes.First(n => n.Name == node).Shape}");
                }
                var hyperparameters = model.Hyperparameters.Select(p => $"{p.Name}={System.Convert.ToString(p.DefaultValue, CultureInfo.InvariantCulture)}");
                output.WriteLine($"  hyperparameters  {string.Join(", ", hyperparameters)}");
                output.WriteLine($"  parameters       {model.Graph.TotalParameters.ToString("N0", CultureInfo.InvariantCulture)} (at the defaults)");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
