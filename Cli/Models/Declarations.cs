using System;
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
/// The zoo's models may use each other (its networks use its backbones), and a file may use them too.
/// </summary>
internal static class Declarations
{
    private const string ResourcePrefix = "zoo/";

    private static readonly Lazy<ParseResult[]> ZooDeclarations = new(ParseZoo);

    private static readonly Lazy<CheckResult[]> ZooModels = new(() =>
    {
        var library = ModelLibrary.Of(ZooDeclarations.Value.Select(p => p.Model), []);
        return ZooDeclarations.Value.Select(p => Checked(p, library)).ToArray();
    });

    /// <summary>A zoo model's name or a *.seg.yaml path, checked.</summary>
    /// <exception cref="UserError">Unknown name, unreadable file, or a declaration with errors.</exception>
    public static CheckResult Check(string modelOrPath)
    {
        if (ModelPipeline.IsModelFile(modelOrPath))
        {
            var parsed = ModelPipeline.Parse(modelOrPath, ReadFile(modelOrPath), CancellationToken.None);
            return Checked(parsed, ModelLibrary.Of([parsed.Model], ZooDeclarations.Value.Select(p => p.Model).OfType<ModelSpec>()));
        }
        var name = ModelCatalog.Find(modelOrPath).Name;
        return ZooModels.Value.FirstOrDefault(c => c.Model?.Name == name)
            ?? throw new InvalidOperationException($"the declaration of {name} is not embedded in seggen");
    }

    /// <summary>The summary line a zoo model's declaration gives, if any.</summary>
    public static string? Summary(string name) => ZooModels.Value.FirstOrDefault(c => c.Model?.Name == name)?.Model?.Summary;

    private static ParseResult[] ParseZoo()
    {
        var assembly = typeof(Declarations).Assembly;
        return assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(resource =>
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            return ModelPipeline.Parse(resource[ResourcePrefix.Length..], SourceText.From(stream), CancellationToken.None);
        }).ToArray();
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

    private static SourceText ReadFile(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        using var stream = File.OpenRead(path);
        return SourceText.From(stream);
    }
}
