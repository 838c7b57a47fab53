using System;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using SegGen.Cli.Models;
using SegGen.Generator;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen graph MODEL [FILES]</c>: a model's graph (a zoo model's, or a declaration's as its build would
/// generate it) as Mermaid or Graphviz DOT, and as SVG through graphviz's <c>dot</c>.
/// </summary>
internal static class GraphCommand
{
    internal enum GraphFormat { Mermaid, Dot }

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A zoo model (seggen models lists them), a *.seg.yaml file, or a model declared in FILES" };
        var files = new Argument<string[]>("files") { Description = "More *.seg.yaml files, whose models MODEL may use (as the zoo's)", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<GraphFormat>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => GraphFormat.Mermaid };
        var svg = new Option<string>("--svg") { Description = "Also render the graph to this SVG file with graphviz's dot (which must be installed)" };
        var command = new Command("graph", "Print a model's graph (each op with its symbolic shape) as Mermaid or Graphviz DOT; --svg renders it with graphviz")
        {
            model, files, format, svg,
        };
        command.SetAction(parse => CommandErrors.Run(parse, "graph", () =>
        {
            var (name, others) = (parse.GetValue(model)!, parse.GetValue(files) ?? []);
            // A zoo model's graph is compiled into this tool; a declaration's is generated and compiled now.
            var graph = ModelPipeline.IsModelFile(name) || others.Length > 0 ? GeneratedGraph.Of(Declarations.Check(name, others)) : ModelCatalog.Find(name).Graph;
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
