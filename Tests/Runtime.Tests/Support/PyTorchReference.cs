using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using SegGen.Torch.Serialization;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Support;

/// <summary>
/// Runs a script of reference/ with Debian's PyTorch (/usr/bin/python3) once per test run and hands
/// out the tensors it wrote. Reference values come from PyTorch, never from SegGen itself.
/// </summary>
public static class PyTorchReference
{
    public const string Python = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyDictionary<string, Tensor>>> Results = new();
    private static readonly ConcurrentDictionary<string, Lazy<string>> Directories = new();

    /// <summary>The tensors <c>reference/<paramref name="script"/></c> saved to its output file.</summary>
    public static IReadOnlyDictionary<string, Tensor> Load(string script) =>
        Results.GetOrAdd(script, s => new Lazy<IReadOnlyDictionary<string, Tensor>>(() => Generate(s))).Value;

    /// <summary>
    /// The directory that <c>reference/<paramref name="script"/></c>, given it as its argument, wrote its files into.
    /// The script runs once per test run and the directory goes when the run ends; tests must not change its files.
    /// </summary>
    public static string OutputDirectory(string script) =>
        Directories.GetOrAdd(script, s => new Lazy<string>(() => GenerateDirectory(s))).Value;

    /// <summary>Runs <c>reference/<paramref name="script"/></c> with <paramref name="arguments"/>; fails the test with the script's output on error.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ReferenceDirectory,
        };
        start.ArgumentList.Add(Path.Combine(ReferenceDirectory, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{stderr.Result}\n{stdout}");
        }
        return stdout;
    }

    public static string ReferenceDirectory => Path.Combine(AppContext.BaseDirectory, "reference");

    private static IReadOnlyDictionary<string, Tensor> Generate(string script)
    {
        var output = OutputPath(script) + ".safetensors";
        try
        {
            Run(script, output);
            var tensors = Safetensors.Load(output);
            // Shared by every test of the run: no test's dispose scope may take them.
            foreach (var tensor in tensors.Values) tensor.DetachFromDisposeScope();
            return tensors;
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string GenerateDirectory(string script)
    {
        var directory = OutputPath(script);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        };
        Run(script, directory);
        return directory;
    }

    private static string OutputPath(string script) =>
        Path.Combine(Path.GetTempPath(), $"seggen-ref-{Path.GetFileNameWithoutExtension(script)}-{Environment.ProcessId}");
}
