using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator;
using SegGen.Generator.Composition;

namespace SegGen.Cli.Models;

/// <summary>
/// Model declarations checked by the generator's own steps: a zoo model's (its *.seg.yaml, embedded in
/// this tool when it is built) or any *.seg.yaml file's. The checked model has the exact shape formulas.
/// </summary>
internal static class Declarations
{
    private const string ResourcePrefix = "zoo/";

    private static readonly Lazy<CheckResult[]> ZooModels = new(CheckZoo);

    /// <summary>A zoo model's name or a *.seg.yaml path, checked.</summary>
    /// <exception cref="UserError">Unknown name, unreadable file, or a declaration with errors.</exception>
    public static CheckResult Check(string modelOrPath)
    {
        if (ModelPipeline.IsModelFile(modelOrPath)) return Checked(modelOrPath, ReadFile(modelOrPath));
        var name = ModelCatalog.Find(modelOrPath).Name;
        return ZooModels.Value.FirstOrDefault(c => c.Model?.Name == name)
            ?? throw new InvalidOperationException($"the declaration of {name} is not embedded in seggen");
    }

    /// <summary>The summary line a zoo model's declaration gives, if any.</summary>
    public static string? Summary(string name) => ZooModels.Value.FirstOrDefault(c => c.Model?.Name == name)?.Model?.Summary;

    private static CheckResult[] CheckZoo()
    {
        var assembly = typeof(Declarations).Assembly;
        var parsed = assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(resource =>
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            return ModelPipeline.Parse(resource[ResourcePrefix.Length..], SourceText.From(stream), CancellationToken.None);
        }).ToList();
        // The zoo's models use each other (a ResNet its Bottleneck), as in the Architectures build.
        var library = ModelLibrary.Of(parsed.Select(p => p.Model), []);
        return parsed.Select(p => Checked(ModelPipeline.Check(ModelPipeline.Resolve(p, library), CancellationToken.None))).ToArray();
    }

    private static CheckResult Checked(string path, SourceText text) =>
        Checked(ModelPipeline.Check(ModelPipeline.Parse(path, text, CancellationToken.None), CancellationToken.None));

    private static CheckResult Checked(CheckResult result)
    {
        var path = result.Path;
        if (result.Model is null || result.Shapes is null)
        {
            var first = result.Diagnostics.FirstOrDefault(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            throw new UserError(first is null ? $"{path}: the model does not check" : first.Format() + " (seggen check lists every problem)");
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
