using System.CommandLine;

namespace SegGen.Cli.Models;

/// <summary>Options shared by the commands that build a model.</summary>
internal static class ModelOptions
{
    public static Option<string[]> Hyperparameters() => new("--hp")
    {
        Description = "A hyperparameter of the model as name=value (repeatable), e.g. --hp width=8 --hp classes=21",
        AllowMultipleArgumentsPerToken = false,
    };
}
