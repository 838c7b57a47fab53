using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SegGen.Bench;

/// <summary>The command line of the driver; see <see cref="Usage"/>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: SegGen.Bench [--threads N] [--rounds R] [--heavy-rounds R] [--round-ms MS] [--warmup-ms MS]
                            [--only NAME,...] [--output FILE] [--python PATH]
          --threads N     intra-op threads on both sides (default: the machine's core count)
          --rounds R      alternating rounds per case; the table shows medians (default 61)
          --heavy-rounds R  rounds of a case whose one iteration outlasts a round (the zoo rows; default 5)
          --round-ms MS   time one side spends in one round (default 50)
          --warmup-ms MS  warm-up per side and case (default 1000)
          --only NAMES    run only these cases (comma-separated)
          --output FILE   also write the markdown report there, keeping its "## Notes" section
          --python PATH   the Python with PyTorch (default /usr/bin/python3)
        """;

    public int Threads { get; init; } = Environment.ProcessorCount;
    public int Rounds { get; init; } = 61;
    public int HeavyRounds { get; init; } = 5;
    public TimeSpan RoundTime { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan WarmUpTime { get; init; } = TimeSpan.FromMilliseconds(1000);
    public IReadOnlySet<string>? Only { get; init; }
    public string? Output { get; init; }
    public string Python { get; init; } = "/usr/bin/python3";
    public string WorkerScript => Path.Combine(AppContext.BaseDirectory, "pytorch_worker.py");

    /// <summary>Reads <paramref name="args"/>; throws <see cref="ArgumentException"/> with the problem on a bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--threads" => options with { Threads = Positive(args[i], value) },
                "--rounds" => options with { Rounds = Positive(args[i], value) },
                "--heavy-rounds" => options with { HeavyRounds = Positive(args[i], value) },
                "--round-ms" => options with { RoundTime = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                "--warmup-ms" => options with { WarmUpTime = TimeSpan.FromMilliseconds(Positive(args[i], value)) },
                "--only" => options with { Only = new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries)) },
                "--output" => options with { Output = value },
                "--python" => options with { Python = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{option} takes a positive integer, not '{value}'");
}
