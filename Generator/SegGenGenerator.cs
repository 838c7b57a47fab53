using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Composition;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Frontend.Attributes;

namespace SegGen.Generator;

/// <summary>
/// Turns every <c>*.seg.yaml</c> additional file and every <c>[Model]</c> partial class into a checked, typed
/// model. This file only wires the steps of <see cref="ModelPipeline"/> and <see cref="AttributePipeline"/>;
/// both meet in one library of usable models (their own and referenced assemblies'). A C# edit reruns the
/// library, but a YAML model's check reruns only when a model it uses changed.
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

        var attributeModels = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeFrontend.ModelAttribute, (node, _) => node is TypeDeclarationSyntax,
                (model, cancellation) => AttributePipeline.Parse((INamedTypeSymbol)model.TargetSymbol, (TypeDeclarationSyntax)model.TargetNode,
                    model.SemanticModel.Compilation, cancellation))
            .WithTrackingName(TrackingNames.AttributeParse);

        // Models of referenced assemblies: collecting their declarations' text runs on every compilation
        // change but is cheap and equal across edits, so parsing them reruns only when a reference changes.
        var referenced = context.CompilationProvider
            .Select((compilation, cancellation) => ReferencedModels.Collect(compilation, cancellation))
            .WithTrackingName(TrackingNames.ReferencedDeclarations)
            .Select((declarations, cancellation) => ReferencedModels.Parse(declarations, cancellation))
            .WithTrackingName(TrackingNames.ReferencedModels);

        // One library for both frontends: a YAML model may use a [Model] class and the other way round.
        var library = parsed
            .Select((result, _) => result.Model)
            .Collect()
            .Combine(attributeModels.Select((result, _) => result.Parsed.Model).Collect())
            .Combine(referenced)
            .Select((pair, _) => ModelLibrary.Of(pair.Left.Left.Concat(pair.Left.Right), pair.Right))
            .WithTrackingName(TrackingNames.Library);

        CheckAndEmit(context, parsed, library, rootNamespace, ModelPipeline.Resolve, ModelPipeline.Check, ModelPipeline.Emit,
            new(TrackingNames.Resolve, TrackingNames.Check, TrackingNames.Emit));
        CheckAndEmit(context, attributeModels, library, rootNamespace, AttributePipeline.Resolve, AttributePipeline.Check, AttributePipeline.Emit,
            new(TrackingNames.AttributeResolve, TrackingNames.AttributeCheck, TrackingNames.AttributeEmit));
    }

    /// <summary>The tracking names of one frontend's steps after parsing.</summary>
    private sealed record StepNames(string Resolve, string Check, string Emit);

    /// <summary>
    /// The steps every frontend's models go through after parsing: resolve the models they use, check, emit
    /// (with the namespace), add the sources. Each model meets only the models it uses, so editing one model
    /// reruns the checks of its users alone.
    /// </summary>
    private static void CheckAndEmit<TParsed, TInput, TChecked>(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<TParsed> parsed,
        IncrementalValueProvider<ModelLibrary> library, IncrementalValueProvider<string> rootNamespace, Func<TParsed, ModelLibrary, TInput> resolve,
        Func<TInput, CancellationToken, TChecked> check, Func<TChecked, string, CancellationToken, EmitResult> emit, StepNames steps)
    {
        var checkedModels = parsed
            .Combine(library)
            .Select((pair, _) => resolve(pair.Left, pair.Right))
            .WithTrackingName(steps.Resolve)
            .Select(check)
            .WithTrackingName(steps.Check);

        var emitted = checkedModels
            .Combine(rootNamespace)
            .Select((pair, cancellation) => emit(pair.Left, pair.Right, cancellation))
            .WithTrackingName(steps.Emit);

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
            if (result.NodesSource is not null) context.AddSource($"{result.ModelName}.Nodes.g.cs", SourceText.From(result.NodesSource, System.Text.Encoding.UTF8));
        }
        catch (ArgumentException)
        {
            // Another file already declared a model of this name.
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.DuplicateName, Location.Create(result.Path, default, default),
                $"model '{result.ModelName}' is declared more than once (.seg.yaml files or [Model] classes)"));
        }
    }
}
