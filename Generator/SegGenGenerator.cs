using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Composition;
using SegGen.Generator.Diagnostics;

namespace SegGen.Generator;

/// <summary>
/// Turns every <c>*.seg.yaml</c> additional file into a checked, typed model. This file only wires the
/// steps of <see cref="ModelPipeline"/>; the YAML half reads no compilation input, so C# edits never rerun it.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SegGenGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) && ns.Length > 0 ? ns : "SegGen.Models")
            .WithTrackingName(TrackingNames.RootNamespace);

        var parsed = context.AdditionalTextsProvider
            .Where(file => ModelPipeline.IsModelFile(file.Path))
            .Select((file, cancellation) => ModelPipeline.Parse(file.Path, file.GetText(cancellation), cancellation))
            .WithTrackingName(TrackingNames.Parse);

        // Models of referenced assemblies: collecting their declarations' text runs on every compilation
        // change but is cheap and equal across edits, so parsing them reruns only when a reference changes.
        var referenced = context.CompilationProvider
            .Select((compilation, cancellation) => ReferencedModels.Collect(compilation, cancellation))
            .WithTrackingName(TrackingNames.ReferencedDeclarations)
            .Select((declarations, cancellation) => ReferencedModels.Parse(declarations, cancellation))
            .WithTrackingName(TrackingNames.ReferencedModels);

        var library = parsed
            .Select((result, _) => result.Model)
            .Collect()
            .Combine(referenced)
            .Select((pair, _) => ModelLibrary.Of(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Library);

        // Each model meets only the models it uses, so editing one model reruns the checks of its users alone.
        var checkedModels = parsed
            .Combine(library)
            .Select((pair, _) => ModelPipeline.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Resolve)
            .Select((input, cancellation) => ModelPipeline.Check(input, cancellation))
            .WithTrackingName(TrackingNames.Check);

        var emitted = checkedModels
            .Combine(rootNamespace)
            .Select((pair, cancellation) => ModelPipeline.Emit(pair.Left, pair.Right, cancellation))
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(emitted, Produce);
    }

    private static void Produce(SourceProductionContext context, EmitResult result)
    {
        foreach (var diagnostic in result.Diagnostics) context.ReportDiagnostic(diagnostic.ToDiagnostic());
        if (result.ModelName is null || result.ModelSource is null || result.GraphSource is null) return;
        try
        {
            context.AddSource($"{result.ModelName}.g.cs", SourceText.From(result.ModelSource, System.Text.Encoding.UTF8));
            context.AddSource($"{result.ModelName}.Graph.g.cs", SourceText.From(result.GraphSource, System.Text.Encoding.UTF8));
        }
        catch (ArgumentException)
        {
            // Another file already declared a model of this name.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.DuplicateName, Location.Create(result.Path, default, default),
                $"model '{result.ModelName}' is declared by more than one .seg.yaml file"));
        }
    }
}
