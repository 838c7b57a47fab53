using System;
using System.CommandLine;
using SegGen.Cli;

// Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal error.
var root = new RootCommand("seggen: declare, check, train and run semantic-segmentation networks on libtorch");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
try
{
    return root.Parse(args).Invoke();
}
catch (Exception e)
{
    Console.Error.WriteLine($"seggen: internal error: {e.Message}");
    return ExitCodes.InternalError;
}
