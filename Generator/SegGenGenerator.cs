using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Frontend.Attributes;

namespace SegGen.Generator;

/// <summary>
/// Turns every <c>*.seg.yaml</c> additional file and every <c>[Model]</c> partial class into a checked, typed
/// model. This file only wires the steps of <see cref="ModelPipeline"/> and <see cref="AttributePipeline"/>;
/// the YAML half reads no compilation input, so C# edits never rerun it.
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

        CheckAndEmit(context, parsed, rootNamespace, ModelPipeline.Check, ModelPipeline.Emit, TrackingNames.Check, TrackingNames.Emit);

        var attributeModels = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeFrontend.ModelAttribute, (node, _) => node is TypeDeclarationSyntax,
                (model, cancellation) => AttributePipeline.Parse((INamedTypeSymbol)model.TargetSymbol, (TypeDeclarationSyntax)model.TargetNode,
                    model.SemanticModel.Compilation, cancellation))
            .WithTrackingName(TrackingNames.AttributeParse);

        CheckAndEmit(context, attributeModels, rootNamespace, AttributePipeline.Check, AttributePipeline.Emit, TrackingNames.AttributeCheck, TrackingNames.AttributeEmit);
    }

    /// <summary>The steps every frontend's models go through after parsing: check, emit (with the namespace), add the sources.</summary>
    private static void CheckAndEmit<TParsed, TChecked>(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<TParsed> parsed,
        IncrementalValueProvider<string> rootNamespace, Func<TParsed, CancellationToken, TChecked> check, Func<TChecked, string, CancellationToken, EmitResult> emit,
        string checkStep, string emitStep)
    {
        var checkedModels = parsed
            .Select(check)
            .WithTrackingName(checkStep);

        var emitted = checkedModels
            .Combine(rootNamespace)
            .Select((pair, cancellation) => emit(pair.Left, pair.Right, cancellation))
            .WithTrackingName(emitStep);

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
