using System;
using System.CommandLine;
using System.IO;

namespace SegGen.Cli;

/// <summary>Runs a command's work and turns what the user can fix (bad files, names, options) into one line and exit code 1.</summary>
internal static class CommandErrors
{
    public static int Run(ParseResult parse, string command, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is UserError or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"seggen {command}: {e.Message}");
            return ExitCodes.UserError;
        }
    }
}
