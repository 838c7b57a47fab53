using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace SegGen.Generator.Tests.Robustness;

/// <summary>
/// Whatever a developer types, the generator answers with diagnostics: it never throws into the
/// compiler (CS8785), never fails internally (SEG0015 from an exception), never stalls, and a file it
/// makes no code for always gets a SEG error located in that file.
/// </summary>
[Collection(TimedRunsCollection.Name)]
public sealed class GeneratorNeverThrowsTests(ITestOutputHelper output)
{
    private const string FileName = "Model.seg.yaml";

    private const int Seed = 7_2026;

    /// <summary>Generous for a loaded 2-core machine; a blow-up (exponential expansion, quadratic scans of huge graphs) takes far longer.</summary>
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(5);

    /// <summary>A hang (say, an expansion that never ends) fails the test instead of stalling the run.</summary>
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(60);

    private const int CompileEvery = 3;

    [Fact]
    public void ValidSeedModelsGenerateCode()
    {
        foreach (var (name, text) in ValidModels.All)
        {
            var run = GeneratorHarness.ForYaml((FileName, text)).Run();
            Assert.True(run.GeneratedTrees.Length == 2, $"{name}: {string.Join("\n", run.Diagnostics)}");
            Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }
    }

    [Fact]
    public async Task MutatedAndRandomInputsGetDiagnosticsNeverExceptionsAndStayFast()
    {
        var inputs = BrokenInputs.Create(Seed, mutants: 2100);
        var problems = new List<string>();
        var slowest = (Time: TimeSpan.Zero, Name: "");
        var (withCode, compiled) = (0, 0);
        foreach (var input in inputs)
        {
            var harness = GeneratorHarness.ForYaml((FileName, input.Text));
            var watch = Stopwatch.StartNew();
            GeneratorDriverRunResult run;
            try
            {
                run = await Task.Run(harness.Run).WaitAsync(HangTimeout);
            }
            catch (TimeoutException)
            {
                // The runaway run keeps a core busy: report it and stop rather than measure the rest against it.
                problems.Add($"{input.Name}: no answer after {HangTimeout.TotalSeconds} s\n--- input ---\n{Shorten(input.Text)}\n");
                break;
            }
            watch.Stop();
            if (watch.Elapsed > slowest.Time) slowest = (watch.Elapsed, input.Name);
            var problem = Problem(run, input.Text) ?? (watch.Elapsed > MaxPerInput ? $"took {watch.Elapsed.TotalSeconds:F1} s" : null);
            // Code for an edited model must still build warning-free; compiling is slow, so every few models.
            if (problem is null && run.GeneratedTrees.Length > 0 && withCode++ % CompileEvery == 0)
            {
                compiled++;
                problem = harness.CompileDiagnostics() is { Length: > 0 } broken ? $"the generated code does not build: {broken[0]}" : null;
            }
            if (problem is not null) problems.Add($"{input.Name}: {problem}\n--- input ---\n{Shorten(input.Text)}\n");
        }

        var summary = $"{inputs.Count} inputs, {withCode} with code ({compiled} compiled); slowest {slowest.Time.TotalMilliseconds:F0} ms ({slowest.Name}); {problems.Count} problems";
        output.WriteLine(summary);
        Assert.True(problems.Count == 0, $"{summary}\n\n{string.Join("\n", problems.Take(6))}");
    }

    /// <summary>What is wrong with the generator's answer to <paramref name="text"/>, if anything.</summary>
    private static string? Problem(GeneratorDriverRunResult run, string text)
    {
        var result = run.Results.Single();
        if (result.Exception is { } exception) return $"the generator threw {exception}";
        if (run.Diagnostics.FirstOrDefault(d => d.Id == "CS8785") is { } crash) return $"the compiler reports a generator crash: {crash}";
        // SEG0015 also reports the documented limits of the analysis ("more than SegGen analyses"); anything else is an exception inside a step.
        if (run.Diagnostics.FirstOrDefault(d => d.Id == "SEG0015" && !d.GetMessage().Contains("more than SegGen analyses", StringComparison.Ordinal)) is { } internalError)
        {
            return $"internal error: {internalError}";
        }
        if (run.Diagnostics.FirstOrDefault(d => d.Id.StartsWith("SEG", StringComparison.Ordinal) && !InFile(d, text)) is { } lost)
        {
            return $"a diagnostic outside the file: {lost} (span {lost.Location.SourceSpan}, file length {text.Length})";
        }
        var errors = run.Diagnostics.Count(d => d.Id.StartsWith("SEG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        return (run.GeneratedTrees.Length, errors) switch
        {
            (0, 0) => "no code and no SEG error",
            ( > 0, > 0) => $"code generated despite {errors} SEG errors: {run.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}",
            _ => null,
        };
    }

    private static bool InFile(Diagnostic diagnostic, string text) =>
        diagnostic.Location.GetLineSpan().Path == "/models/" + FileName && diagnostic.Location.SourceSpan.End <= text.Length;

    /// <summary>The input as a failure message can show it: control characters escaped, at most 2000 characters.</summary>
    private static string Shorten(string text)
    {
        var visible = string.Concat(text.Take(2000).Select(c => char.IsControl(c) && c != '\n' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text.Length > 2000 ? visible + $"… ({text.Length} characters)" : visible;
    }
}
