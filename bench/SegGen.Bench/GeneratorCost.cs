using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SegGen.Generator;
using SegGen.Generator.Composition;

namespace SegGen.Bench;

/// <summary>One generator-cost row: what was timed, the median in milliseconds, and the target.</summary>
internal sealed record GeneratorCostResult(string Name, string What, double MedianMs, double TargetMs, string Note)
{
    public bool TargetMet => MedianMs <= TargetMs;
}

/// <summary>
/// What the generator costs a build (issue 3's targets): check + emit per model (≤ 10 ms), the whole set
/// through Roslyn's driver, and the rerun after a one-line edit of one model, whose tracked steps must
/// show that only that model was parsed, checked and emitted again.
/// </summary>
internal static class GeneratorCost
{
    private const double PerModelTargetMs = 10;

    private const string EditedModel = "FCN8s.seg.yaml";

    public const int WarmUpRounds = 30;

    public static IReadOnlyList<GeneratorCostResult> Measure(IReadOnlyList<string> modelFiles, int rounds)
    {
        var models = modelFiles.Select(path => (Path: path, Text: SourceText.From(File.ReadAllText(path)))).ToList();
        // The zoo's networks use its backbones: each model is checked against all of them, as a build does.
        var library = ModelLibrary.Of(models.Select(m => ModelPipeline.Parse(m.Path, m.Text, CancellationToken.None).Model), []);
        // A build server or an IDE runs the generator warm: every model a few dozen times first, so that no model's
        // figure includes the JIT's tiering up of code all models share (the first ones measured would pay for it).
        for (var round = 0; round < WarmUpRounds; round++)
        {
            foreach (var (path, text) in models) CheckAndEmit(path, text, library);
        }
        var results = models.Select(m => PerModel(m.Path, m.Text, library, rounds)).ToList();
        results.AddRange(Driver(models, rounds));
        return results;
    }

    private static GeneratorCostResult PerModel(string path, SourceText text, ModelLibrary library, int rounds)
    {
        var median = Median(rounds, () => CheckAndEmit(path, text, library));
        return new GeneratorCostResult(Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(path)), "parse + check + emit", median, PerModelTargetMs, "");
    }

    private static void CheckAndEmit(string path, SourceText text, ModelLibrary library)
    {
        var checkedModel = ModelPipeline.Check(ModelPipeline.Resolve(ModelPipeline.Parse(path, text, CancellationToken.None), library), CancellationToken.None);
        if (checkedModel.Model is null) throw new InvalidOperationException($"{path} does not check: {checkedModel.Diagnostics.First().Format()}");
        ModelPipeline.Emit(checkedModel, "Bench", CancellationToken.None);
    }

    private static IEnumerable<GeneratorCostResult> Driver(List<(string Path, SourceText Text)> models, int rounds)
    {
        var compilation = CSharpCompilation.Create("Bench", [], [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var files = models.Select(m => (AdditionalText)new ModelFile(m.Path, m.Text)).ToImmutableArray();
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);

        var full = Median(rounds, () => CSharpGeneratorDriver.Create([new SegGenGenerator().AsSourceGenerator()], files, driverOptions: options)
            .RunGenerators(compilation));

        // A one-line edit of FCN-8s's summary (a real change to one network on a backbone), alternated with the original.
        var driver = CSharpGeneratorDriver.Create([new SegGenGenerator().AsSourceGenerator()], files, driverOptions: options).RunGenerators(compilation);
        var target = models.FindIndex(m => Path.GetFileName(m.Path) == EditedModel);
        var edited = new ModelFile(models[target].Path, SourceText.From(models[target].Text.ToString().Replace("summary: ", "summary: Edited. ")));
        var rerun = 0;
        var reran = new List<int>();
        var incremental = Median(rounds, () =>
        {
            var (from, to) = rerun++ % 2 == 0 ? (files[target], (AdditionalText)edited) : (edited, files[target]);
            driver = driver.ReplaceAdditionalText(from, to).RunGenerators(compilation);
            reran.Add(ModelsRerun(driver));
        });
        var only = reran.All(count => count == 1);
        yield return new GeneratorCostResult($"all {models.Count}", "whole set through Roslyn's driver, cold", full, PerModelTargetMs * models.Count, "");
        yield return new GeneratorCostResult("one-line edit", $"rerun after editing {EditedModel}", incremental, PerModelTargetMs,
            only ? "only the edited model's steps re-ran" : $"**steps of {reran.Max()} models re-ran**");
    }

    /// <summary>How many models' Parse step produced a new value in the last run.</summary>
    private static int ModelsRerun(GeneratorDriver driver) => driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.Parse]
        .Count(step => step.Outputs.Any(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified));

    private static double Median(int rounds, Action action)
    {
        action();
        var times = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[rounds / 2];
    }

    private sealed class ModelFile(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }
}
