using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator;
using SegGen.Cli.Models;
using SegGen.Generator.Composition;

namespace SegGen.Cli;

/// <summary>
/// <c>seggen check FILE.seg.yaml…</c>: the generator's own parse → check → emit steps outside a build, so
/// a model can be checked (and its accepted input sizes read) without compiling a project.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "The *.seg.yaml model files to check",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("check",
            "Check *.seg.yaml models as the build does: print diagnostics as file(line,col): error SEGxxxx: … and each good model's contract. " +
            "Exit code 1 when any file has an error or cannot be read.")
        {
            files,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var paths = parse.GetValue(files)!;
            var texts = paths.Select(path => (Path: path, Text: Read(path, error))).ToList();
            var parsed = texts.Where(t => t.Text is not null).Select(t => ModelPipeline.Parse(t.Path, t.Text, CancellationToken.None)).ToList();
            // The files checked together are the models a use(…) may name, as the files of one project are in a build,
            // and then the zoo's, as for a project that references SegGen.Architectures.
            var library = Declarations.Library(parsed);
            var failed = texts.Any(t => t.Text is null);
            foreach (var model in parsed) failed |= !Check(model, library, output);
            return failed ? ExitCodes.UserError : ExitCodes.Success;
        });
        return command;
    }

    private static SourceText? Read(string path, TextWriter error)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return SourceText.From(stream);
        }
        catch (IOException e)
        {
            error.WriteLine($"seggen: cannot read '{path}': {e.Message}");
        }
        catch (System.UnauthorizedAccessException e)
        {
            error.WriteLine($"seggen: cannot read '{path}': {e.Message}");
        }
        return null;
    }

    /// <summary>Prints the file's diagnostics and, when it has no error, its contract. True when it has no error.</summary>
    private static bool Check(Generator.Frontend.ParseResult parsed, ModelLibrary library, TextWriter output)
    {
        var path = parsed.Path;
        var checkedModel = ModelPipeline.Check(ModelPipeline.Resolve(parsed, library), CancellationToken.None);
        // Emitting too means an emitter failure (SEG0015) shows up here as it would in the build.
        var emitted = ModelPipeline.Emit(checkedModel, "SegGen.Models", CancellationToken.None);
        foreach (var diagnostic in emitted.Diagnostics) output.WriteLine(diagnostic.Format());
        if (emitted.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return false;
        if (checkedModel is { Model: { } model, Shapes: { } shapes })
        {
            foreach (var line in ContractReport.Lines(path, model, shapes)) output.WriteLine(line);
        }
        return true;
    }
}
