using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SegGen.Generator;
using SegGen.Graphs;

namespace SegGen.Cli.Models;

/// <summary>
/// The graph a build gives a checked declaration: the generator's own graph source, compiled in memory against
/// SegGen.Runtime and read from the model's static <c>Graph</c>, so a file's graph is the one its class would have.
/// </summary>
internal static class GeneratedGraph
{
    private const string RootNamespace = "SegGen.Models";

    /// <summary>Every assembly this tool runs with (the framework's and SegGen.Runtime among them), for the compilation.</summary>
    private static readonly Lazy<MetadataReference[]> References = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(path => MetadataReference.CreateFromFile(path))]);

    public static ModelGraph Of(CheckResult checkedModel)
    {
        var emitted = ModelPipeline.Emit(checkedModel, RootNamespace, CancellationToken.None);
        if (emitted.GraphSource is not { } source || emitted.ModelName is not { } name)
        {
            throw new UserError(emitted.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)?.Format() ?? $"{checkedModel.Path}: no graph was generated");
        }
        var compilation = CSharpCompilation.Create($"SegGen.Graph.{name}", [CSharpSyntaxTree.ParseText(source)], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        // The generator's own output not compiling is a bug, not bad input.
        if (!result.Success) throw new InvalidOperationException($"the generated graph of {name} does not compile: {result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}");
        var type = Assembly.Load(image.ToArray()).GetTypes().Single(t => t.Name == name);
        return (ModelGraph)type.GetProperty("Graph", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }
}
