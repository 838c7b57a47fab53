using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace SegGen.Bench;

/// <summary>
/// The PyTorch process (bench/pytorch_worker.py), started once per run so that its cases are timed
/// alternately with SegGen's; the protocol is described at the top of that script.
/// </summary>
internal sealed class PyTorchWorker : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stderr = new();

    public PyTorchWorker(string python, string script)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {python}");
        // Kept for the error message should the worker die.
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
    }

    public string TorchVersion => Ask("info");

    /// <summary>Sets the worker's intra-op thread count; returns the count it then reports.</summary>
    public int SetThreads(int threads) => int.Parse(Ask($"threads {threads}"), CultureInfo.InvariantCulture);

    public string[] CaseNames => Ask("cases").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the worker's case <paramref name="name"/> <paramref name="iterations"/> times; nanoseconds per iteration.</summary>
    public double Run(string name, long iterations) =>
        double.Parse(Ask($"run {name} {iterations}"), CultureInfo.InvariantCulture);

    public long PeakRssKiB => long.Parse(Ask("peak_rss"), CultureInfo.InvariantCulture);

    private string Ask(string command)
    {
        process.StandardInput.WriteLine(command);
        process.StandardInput.Flush();
        var reply = process.StandardOutput.ReadLine();
        if (reply is null)
        {
            process.WaitForExit();
            lock (stderr) throw new IOException($"the PyTorch worker exited (code {process.ExitCode}) on '{command}':\n{stderr}");
        }
        if (reply.StartsWith("error ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the PyTorch worker failed on '{command}': {reply["error ".Length..]}");
        }
        return reply;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Close();
            process.WaitForExit();
        }
        process.Dispose();
    }
}
