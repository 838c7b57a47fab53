using System.IO;
using System.Linq;
using System.Text.Json;
using SegGen.Cli.Tests.Support;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary><c>seggen train</c> as a user runs it, on a tiny configuration so it takes seconds.</summary>
public class TrainCommandTests
{
    private static readonly string[] Tiny = ["train", "--epochs", "2", "--train-samples", "48", "--val-samples", "16", "--size", "32", "--width", "4", "--batch-size", "8"];

    [Fact]
    public void TrainingWritesCheckpointMetricsPerEpochAndOverlaysAndPrintsTheMetrics()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, [.. Tiny, "--output", "run"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mean IoU", result.Output);
        Assert.Contains("epoch 2: loss", result.Output);
        var run = Path.Combine(directory.FullName, "run");
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "overlay_000.png")));
        Assert.True(File.Exists(Path.Combine(run, "mask_003.png")));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        Assert.Equal(2, metrics.RootElement.GetArrayLength());
        var last = metrics.RootElement[1];
        Assert.Equal(2, last.GetProperty("epoch").GetInt32());
        Assert.InRange(last.GetProperty("mean_iou").GetDouble(), 0, 1);
        Assert.Equal(5, last.GetProperty("class_iou").EnumerateObject().Count());
    }

    [Fact]
    public void ResumingWithoutACheckpointIsAUserErrorNamingTheFile()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, [.. Tiny, "--output", "empty", "--resume"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("checkpoint.safetensors", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void InvalidSettingsAreAOneLineUserError()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "train", "--epochs", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("seggen train: --epochs must be at least 1, got 0", result.Error.Trim());
    }
}
