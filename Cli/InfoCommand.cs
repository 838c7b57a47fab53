using System.CommandLine;
using static SegGen.Torch.torch;

namespace SegGen.Cli;

/// <summary><c>seggen info</c>: what SegGen runs on (libtorch version, threads, CUDA), to check an installation.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the libtorch SegGen runs on, its thread count and whether CUDA is usable");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"SegGen      {typeof(InfoCommand).Assembly.GetName().Version}");
            output.WriteLine($"libtorch    {__version__}");
            output.WriteLine($"threads     {get_num_threads()}");
            output.WriteLine($"cuda        {(cuda.is_available() ? "available" : "not available")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
