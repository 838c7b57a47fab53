using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SegGen.Generator;

namespace SegGen.Cli.Tests.Support;

/// <summary>Compiles one C# file with SegGen's generator against SegGen.Runtime, as a build of a consumer project would.</summary>
internal static class AttributeBuild
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Append(typeof(SegGen.Torch.torch).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    /// <summary>The generator's diagnostics as <c>dotnet build</c> prints them (<c>File.cs(line,col): error SEG0004: …</c>), and the compiler's errors and warnings on the completed code.</summary>
    public static (string Generator, ImmutableArray<Diagnostic> Compiler) Run(string fileName, string source)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("Example", [CSharpSyntaxTree.ParseText(source, options, fileName)], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new SegGenGenerator().AsSourceGenerator()], parseOptions: options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var lines = diagnostics
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => $"{Line(d)}\n");
        return (string.Concat(lines), output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray());
    }

    private static string Line(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage()}";
    }
}
