using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using SegGen.Bench;
using static SegGen.Torch.torch;

// Times every case of Cases.All in SegGen and in PyTorch (bench/pytorch_worker.py) alternately,
// prints the markdown table to stdout (progress goes to stderr) and, with --output, writes it there.

if (args.Contains("--help"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

const string GeneratorCase = "generator";
var unknown = options.Only?.Except(Cases.All.Select(c => c.Name).Append(GeneratorCase)).ToList() ?? [];
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"no case named {string.Join(", ", unknown)}; cases: {string.Join(", ", Cases.All.Select(c => c.Name))}");
    return 2;
}
var cases = Cases.All.Where(c => options.Only?.Contains(c.Name) ?? true).ToList();

// Read before anything of ours loads the machine.
var loadAverage = Machine.LoadAverage;

using var worker = new PyTorchWorker(options.Python, options.WorkerScript, Repository.Root);
var missing = cases.Where(c => c.Model is null).Select(c => c.Name).Except(worker.CaseNames).ToList();
if (missing.Count > 0) throw new InvalidOperationException($"bench/pytorch_worker.py has no case {string.Join(", ", missing)}");

// Same intra-op thread count on both sides, set explicitly: Debian's Python torch starts with 1.
set_num_threads(options.Threads);
var workerThreads = worker.SetThreads(options.Threads);
if (get_num_threads() != options.Threads || workerThreads != options.Threads)
{
    throw new InvalidOperationException($"asked for {options.Threads} threads, got {get_num_threads()} (SegGen) and {workerThreads} (PyTorch)");
}
// SegGen's process-wide allocator policy, as the seggen CLI sets it for train, eval and predict (Cli/Engine), so the
// rows measure SegGen as its tool runs; the worker is stock PyTorch.
if (!keep_freed_memory()) throw new InvalidOperationException("keep_freed_memory(): the C library refused the allocator settings");
Console.Error.WriteLine($"threads: {options.Threads} on both sides; {options.Rounds} rounds per case, {options.HeavyRounds} per model case");

var runner = new CaseRunner(worker, options);
var clock = Stopwatch.StartNew();
var results = new List<CaseResult>();
foreach (var benchCase in cases)
{
    Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] running {benchCase.Name}: {benchCase.Description}");
    results.Add(runner.Run(benchCase));
}

var generator = options.Only?.Contains(GeneratorCase) ?? true
    ? GeneratorCost.Measure(Repository.ModelFiles(), options.Rounds)
    : [];

var run = new RunInfo(options, __version__, worker.TorchVersion, loadAverage);
var report = Report.Render(run, results, generator, Machine.PeakRssKiB, worker.PeakRssKiB);
Console.Write(report);
if (options.Output is { } output) Report.Write(output, report);
return 0;
