using System;
using System.IO;

namespace SegGen.Cli.Tests.Support;

/// <summary>The real seggen tool (seggen.dll, copied here by the project reference), run as a separate process.</summary>
internal static class Seggen
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "seggen.dll");

    public static ProcessResult Run(string workingDirectory, params string[] arguments) =>
        ProcessRun.Run("dotnet", [Dll, .. arguments], workingDirectory, TimeSpan.FromMinutes(1));
}
