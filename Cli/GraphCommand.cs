using System;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using SegGen.Cli.Models;

namespace SegGen.Cli;

/// <summary><c>seggen graph MODEL</c>: a zoo model's graph as Mermaid or Graphviz DOT, and as SVG through graphviz's <c>dot</c>.</summary>
internal static class GraphCommand
{
    internal enum GraphFormat { Mermaid, Dot }

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A zoo model (seggen models lists them)" };
        var format = new Option<GraphFormat>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => GraphFormat.Mermaid };
        var svg = new Option<string>("--svg") { Description = "Also render the graph to this SVG file with graphviz's dot (which must be installed)" };
        var command = new Command("graph", "Print a model's graph (each op with its symbolic shape) as Mermaid or Graphviz DOT; --svg renders it with graphviz")
        {
            model, format, svg,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "graph", () =>
        {
            var graph = ModelCatalog.Find(parse.GetValue(model)!).Graph;
            if (parse.GetValue(svg) is { } file) RenderSvg(graph.ToDot(), file);
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == GraphFormat.Dot ? graph.ToDot() : graph.ToMermaid());
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Runs <c>dot -Tsvg</c> on <paramref name="dot"/> into <paramref name="file"/>.</summary>
    private static void RenderSvg(string dot, string file)
    {
        var start = new ProcessStartInfo("dot") { RedirectStandardInput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-Tsvg");
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(file);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw new UserError($"--svg needs graphviz's 'dot', which is not installed (on Debian: apt install graphviz); {file} was not written");
        }
        using (process)
        {
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            var problem = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new UserError($"{file}: dot failed: {problem.Trim().ReplaceLineEndings(" ")}");
        }
    }
}
