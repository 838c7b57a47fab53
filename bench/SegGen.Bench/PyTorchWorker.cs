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

    /// <param name="repository">The checkout whose test references (zoo_nets.py, safetensors_io.py) the worker imports.</param>
    public PyTorchWorker(string python, string script, string repository)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(repository);
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

    /// <summary>
    /// Builds the PyTorch side <paramref name="opponent"/> of a model row from the weights and input in
    /// <paramref name="referenceFile"/>, writes its eval output to <paramref name="outputFile"/>, then
    /// restarts its peak count; returns how the module was built (eager, or script/trace for TorchScript).
    /// </summary>
    public string Prepare(Opponent opponent, ModelSpec model, string referenceFile, string outputFile) =>
        Ask($"prepare {opponent.WorkerName} {opponent.Mode} {model.Model} {model.Classes} {model.Width} {referenceFile} {outputFile}");

    /// <summary>The worker's VmHWM since <see cref="Prepare"/> of <paramref name="name"/> above its resident set before it, in KiB.</summary>
    public long PeakSincePrepareKiB(string name) => long.Parse(Ask($"peak {name}"), CultureInfo.InvariantCulture);

    /// <summary>Drops a prepared model so that the next row starts from the same resident set.</summary>
    public void Release(string name) => Ask($"release {name}");

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
