using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SegGen.Generator.Tests.Support;

/// <summary>An additional file held in memory, as the compiler would hand it to the generator.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText source = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => source;
}

/// <summary>
/// Runs <see cref="SegGenGenerator"/> the way the compiler does (Roslyn's driver, step tracking on) over
/// YAML files and C# sources, and compiles the result against SegGen.Runtime.
/// </summary>
public sealed class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var runtime = typeof(SegGen.Torch.torch).Assembly.Location;
        return trusted.Where(p => p.EndsWith(".dll", StringComparison.Ordinal)).Append(runtime).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public GeneratorDriver Driver { get; private set; }

    public Compilation Compilation { get; private set; }

    /// <param name="references">More assemblies to reference, e.g. a producer's models (<see cref="EmitReference"/>).</param>
    public GeneratorHarness(IEnumerable<AdditionalText> files, IEnumerable<string>? sources = null, string rootNamespace = "Tests",
        IEnumerable<MetadataReference>? references = null, string assemblyName = "Consumer")
        : this(files, (sources ?? []).Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)), rootNamespace, references, assemblyName)
    {
    }

    private GeneratorHarness(IEnumerable<AdditionalText> files, IEnumerable<SyntaxTree> trees, string rootNamespace,
        IEnumerable<MetadataReference>? references = null, string assemblyName = "Consumer")
    {
        Compilation = CSharpCompilation.Create(assemblyName,
            trees,
            References.Value.AddRange(references ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Driver = CSharpGeneratorDriver.Create(
            [new SegGenGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new ConfigOptions(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>A harness over YAML texts named <c>{Model}.seg.yaml</c> under /models.</summary>
    public static GeneratorHarness ForYaml(params (string FileName, string Yaml)[] files) =>
        new(files.Select(f => (AdditionalText)new InMemoryAdditionalText("/models/" + f.FileName, f.Yaml)));

    /// <summary>A harness over C# files (attribute-declared models) named <c>/src/{FileName}</c>, and optionally YAML models.</summary>
    public static GeneratorHarness ForCSharp(IEnumerable<(string FileName, string Source)> sources, params AdditionalText[] files) =>
        new(files, sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, "/src/" + s.FileName)), "Tests");

    /// <summary><c>Models/{model}.cs</c>, an attribute-declared model kept in this project's Models folder.</summary>
    public static (string FileName, string Source) CSharpModel(string model) =>
        ($"{model}.cs", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", $"{model}.cs")));

    /// <summary>A harness over models kept in this project's Models folder.</summary>
    public static GeneratorHarness ForModels(params string[] models) => new(models.Select(ModelFile));

    /// <summary><c>Models/{model}.seg.yaml</c>, under /models like the texts of <see cref="ForYaml"/>.</summary>
    public static AdditionalText ModelFile(string model) =>
        new InMemoryAdditionalText($"/models/{model}.seg.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", $"{model}.seg.yaml")));

    /// <summary>Runs the generator (again) and returns this run's result.</summary>
    public GeneratorDriverRunResult Run()
    {
        Driver = Driver.RunGeneratorsAndUpdateCompilation(Compilation, out var output, out _);
        Output = output;
        return Driver.GetRunResult();
    }

    /// <summary>The compiled assembly (generated code included) as a reference for another compilation, after <see cref="Run"/>.</summary>
    public MetadataReference EmitReference()
    {
        using var image = new MemoryStream();
        var emitted = Output!.Emit(image);
        if (!emitted.Success) throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    /// <summary>The compilation with the generated sources added, after <see cref="Run"/>.</summary>
    public Compilation? Output { get; private set; }

    public void ReplaceFile(AdditionalText old, AdditionalText replacement) => Driver = Driver.ReplaceAdditionalText(old, replacement);

    public void ReplaceCompilation(Compilation compilation) => Compilation = compilation;

    /// <summary>Errors and warnings of compiling the consumer with the generated code (empty means it builds warning-free).</summary>
    public ImmutableArray<Diagnostic> CompileDiagnostics() =>
        Output!.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    private sealed class ConfigOptions(string rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new() { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new([]);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
