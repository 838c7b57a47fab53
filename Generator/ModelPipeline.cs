using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator.Binding;
using SegGen.Generator.Common;
using SegGen.Generator.Composition;
using SegGen.Generator.Diagnostics;
using SegGen.Generator.Emit;
using SegGen.Generator.Frontend;
using SegGen.Generator.Frontend.Attributes;
using SegGen.Generator.Model;
using SegGen.Generator.Shapes;

namespace SegGen.Generator;

/// <summary>A parsed model with the models it uses (directly or not) and the names it uses that no model answers to.</summary>
public sealed record CheckInput(ParseResult Parsed, EquatableArray<ModelSpec> Used, EquatableArray<UnknownModel> Unknown);

/// <summary>
/// A checked model: the bound graph and its shapes when there were no errors, and every diagnostic.
/// <see cref="Spec"/> is the declaration, which the emitter writes into the assembly for models that use this one.
/// </summary>
public sealed record CheckResult(string Path, BoundModel? Model, ShapeResult? Shapes, EquatableArray<DiagnosticInfo> Diagnostics, ModelSpec? Spec = null);

/// <summary>What the generator adds for one model; <see cref="NodesSource"/> implements an attributed class's node properties.</summary>
public sealed record EmitResult(string Path, string? ModelName, string? ModelSource, string? GraphSource, EquatableArray<DiagnosticInfo> Diagnostics,
    string? NodesSource = null);

/// <summary>
/// The steps of the generator, each a pure function of equatable values (also used by <c>seggen check</c>).
/// No step throws: an unexpected failure becomes SEG0015 on the file, so a broken model never crashes the build.
/// </summary>
public static class ModelPipeline
{
    public const string FileSuffix = ".seg.yaml";

    public static bool IsModelFile(string path) => path.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase);

    public static ParseResult Parse(string path, SourceText? text, CancellationToken cancellation) =>
        Guard(path, () => text is null
            ? new ParseResult(path, null, Single(path, DiagnosticCatalog.InvalidDeclaration, "the file could not be read"))
            : YamlFrontend.Parse(path, text, cancellation),
            error => new ParseResult(path, null, error));

    /// <summary>Pairs a parsed model with what it uses from <paramref name="library"/>: a small value, so unrelated edits leave its check cached.</summary>
    public static CheckInput Resolve(ParseResult parsed, ModelLibrary library)
    {
        if (parsed.Model is null) return new CheckInput(parsed, EquatableArray<ModelSpec>.Empty, EquatableArray<UnknownModel>.Empty);
        var (used, unknown) = library.Dependencies(parsed.Model);
        return new CheckInput(parsed, used, unknown);
    }

    /// <summary>Checks a model that uses no model outside its own file.</summary>
    public static CheckResult Check(ParseResult parsed, CancellationToken cancellation) =>
        Check(Resolve(parsed, ModelLibrary.Of([parsed.Model], [])), cancellation);

    public static CheckResult Check(CheckInput input, CancellationToken cancellation) =>
        Guard(input.Parsed.Path, () =>
        {
            var parsed = input.Parsed;
            var diagnostics = parsed.Diagnostics.ToList();
            if (parsed.Model is null || diagnostics.Any(IsError)) return new CheckResult(parsed.Path, null, null, diagnostics.ToEquatableArray());
            var bound = Binder.Bind(parsed.Model, parsed.Path, diagnostics, input.Used, input.Unknown);
            var shapes = bound is null ? null : ShapeEngine.Analyze(bound, diagnostics, cancellation);
            return new CheckResult(parsed.Path, shapes is null ? null : bound, shapes, diagnostics.ToEquatableArray(), parsed.Model);
        },
        error => new CheckResult(input.Parsed.Path, null, null, error));

    public static EmitResult Emit(CheckResult checkedModel, string rootNamespace, CancellationToken cancellation) =>
        Emit(checkedModel, EquatableArray<NodeMember>.Empty, rootNamespace, cancellation);

    /// <summary>Emits a model whose declaration has node members (an attributed class): those are filled or implemented, not declared.</summary>
    public static EmitResult Emit(CheckResult checkedModel, EquatableArray<NodeMember> members, string rootNamespace, CancellationToken cancellation) =>
        Guard(checkedModel.Path, () =>
        {
            if (checkedModel.Model is not { } model || checkedModel.Shapes is not { } shapes)
            {
                return new EmitResult(checkedModel.Path, null, null, null, checkedModel.Diagnostics);
            }
            cancellation.ThrowIfCancellationRequested();
            var @namespace = model.Namespace ?? rootNamespace;
            var declaration = checkedModel.Spec is { } spec ? DeclarationWriter.Write(spec, @namespace) : null;
            var declaredFields = members.Where(m => m.Kind == NodeMemberKind.Storage).Select(m => m.Name).ToList();
            var texts = new OpTexts(model, shapes);
            return new EmitResult(checkedModel.Path, model.Name, ModelEmitter.Emit(model, shapes, texts, @namespace, declaredFields),
                GraphEmitter.Emit(model, shapes, texts, @namespace, declaration), checkedModel.Diagnostics, NodeMemberEmitter.Emit(model, members, @namespace));
        },
        error => new EmitResult(checkedModel.Path, null, null, null, checkedModel.Diagnostics.Concat(error).ToEquatableArray()));

    private static bool IsError(DiagnosticInfo d) => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;

    internal static T Guard<T>(string path, Func<T> step, Func<EquatableArray<DiagnosticInfo>, T> onFailure)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return onFailure(Single(path, DiagnosticCatalog.InternalError, $"{e.GetType().Name}: {e.Message.TrimEnd('.')}. This is a bug in SegGen; please report it with the model file."));
        }
    }

    internal static EquatableArray<DiagnosticInfo> Single(string path, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string message) =>
        new[] { DiagnosticCatalog.Create(descriptor, new SourceLocation(path, 0, 0, 0, 0, 0, 0), message) }.ToEquatableArray();
}
