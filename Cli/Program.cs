using System;
using System.CommandLine;
using SegGen.Cli;

// Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal error.
var root = new RootCommand("seggen: declare, check, train and run semantic-segmentation networks on libtorch");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(SummaryCommand.Create());
root.Subcommands.Add(GraphCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
try
{
    // Without System.CommandLine's default handler, which would print the stack trace and exit with 1.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    Console.Error.WriteLine($"seggen: internal error: {e.Message}");
    return ExitCodes.InternalError;
}
