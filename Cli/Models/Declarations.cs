using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator;
using SegGen.Generator.Composition;
using SegGen.Generator.Frontend;
using SegGen.Generator.Model;

namespace SegGen.Cli.Models;

/// <summary>
/// Model declarations checked by the generator's own steps: a zoo model's (its *.seg.yaml, embedded in
/// this tool when it is built) or any *.seg.yaml file's. The checked model has the exact shape formulas.
/// A <c>use(…)</c> may name the models of the files given together and the zoo's (<see cref="Library"/>).
/// </summary>
internal static class Declarations
{
    private const string ResourcePrefix = "zoo/";

    private static readonly Lazy<ParseResult[]> ZooFiles = new(ParseZoo);

    /// <summary>
    /// The model <paramref name="model"/> names, checked: a *.seg.yaml path, a model declared in one of
    /// <paramref name="files"/>, or a zoo model. Its uses resolve among the files and the zoo.
    /// </summary>
    /// <exception cref="UserError">Unknown name, unreadable file, or a declaration with errors.</exception>
    public static CheckResult Check(string model, IReadOnlyList<string> files)
    {
        var isFile = ModelPipeline.IsModelFile(model);
        var given = (isFile ? files.Prepend(model) : files).Select(ParseFile).ToList();
        var declared = isFile ? given[0] : given.FirstOrDefault(p => p.Model is { } spec && ModelLibrary.Names(spec).Contains(model));
        return declared is not null ? Checked(declared, Library(given)) : Zoo(model);
    }

    /// <summary>The models a <c>use(…)</c> may name: those of the files given together first (as a project's own), then the zoo's.</summary>
    public static ModelLibrary Library(IEnumerable<ParseResult> given) =>
        ModelLibrary.Of(given.Select(p => p.Model), ZooFiles.Value.Select(p => p.Model).OfType<ModelSpec>());

    /// <summary>The summary line a zoo model's declaration gives, if any.</summary>
    public static string? Summary(string name) => ZooFiles.Value.FirstOrDefault(p => p.Model?.Name == name)?.Model?.Summary;

    private static CheckResult Zoo(string name)
    {
        var found = ModelCatalog.Find(name).Name;
        var declaration = ZooFiles.Value.FirstOrDefault(p => p.Model?.Name == found)
            ?? throw new InvalidOperationException($"the declaration of {found} is not embedded in seggen");
        return Checked(declaration, Library([]));
    }

    private static ParseResult[] ParseZoo()
    {
        var assembly = typeof(Declarations).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(resource =>
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            return ModelPipeline.Parse(resource[ResourcePrefix.Length..], SourceText.From(stream), CancellationToken.None);
        })];
    }

    private static CheckResult Checked(ParseResult parsed, ModelLibrary library)
    {
        var result = ModelPipeline.Check(ModelPipeline.Resolve(parsed, library), CancellationToken.None);
        if (result.Model is null || result.Shapes is null)
        {
            var first = result.Diagnostics.FirstOrDefault(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            throw new UserError(first is null ? $"{parsed.Path}: the model does not check" : first.Format() + " (seggen check lists every problem)");
        }
        return result;
    }

    private static ParseResult ParseFile(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        using var stream = File.OpenRead(path);
        return ModelPipeline.Parse(path, SourceText.From(stream), CancellationToken.None);
    }
}
