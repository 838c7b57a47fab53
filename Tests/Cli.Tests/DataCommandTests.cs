using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SegGen.Cli.Tests.Support;
using SegGen.Runtime.Tests.Support;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary><c>seggen train --data</c> and <c>seggen eval</c> on tiny trees in each standard layout, and every kind of bad input.</summary>
public class DataCommandTests
{
    private static readonly string[] Small = ["--width", "4", "--batch-size", "2", "--workers", "1"];
    private static readonly string[] TinySynthetic = ["--train-samples", "24", "--val-samples", "8", "--size", "32", "--width", "4", "--batch-size", "8"];

    private static string Tree(string layout, string root) => layout switch
    {
        "voc" => DataTrees.Voc(root),
        "camvid" => DataTrees.CamVid(root),
        _ => DataTrees.Cityscapes(root),
    };

    private static ProcessResult Train(TemporaryDirectory directory, string data, params string[] more) =>
        Seggen.Run(directory.FullName, ["train", "--data", data, "--epochs", "1", "--crop", "16", .. Small, "--output", "run", .. more]);

    private static string MeanIoULine(string output) => output.Split('\n').Single(l => l.StartsWith("mean IoU", StringComparison.Ordinal)).Trim();

    /// <summary>The error output is one line: the command, the file, the problem; no stack trace.</summary>
    private static string OneLineError(ProcessResult result, string command)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var line = result.Error.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith($"seggen {command}: ", line);
        return line;
    }

    [Theory]
    [InlineData("voc", 21)]
    [InlineData("camvid", 11)]
    [InlineData("cityscapes", 19)]
    public void TrainingOnALayoutWritesItsRunAndEvalOfTheCheckpointGivesTheSameMetrics(string layout, int classes)
    {
        using var directory = new TemporaryDirectory();
        var root = Tree(layout, Path.Combine(directory.FullName, "data"));

        var trained = Train(directory, $"{layout}:{root}", "--class-weights", "median-frequency", "--normalize", "imagenet");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        Assert.Contains($"data       {layout} {root}, {classes} classes", trained.Output);
        Assert.Contains("2 train / 2 val images", trained.Output);
        var run = Path.Combine(directory.FullName, "run");
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json"))))
        {
            Assert.Equal(classes, metrics.RootElement[0].GetProperty("class_iou").EnumerateObject().Count());
        }
        Assert.True(File.Exists(Path.Combine(run, "overlay_001.png")));

        var evaluated = Seggen.Run(directory.FullName, ["eval", "--data", $"{layout}:{root}", "--weights", "run/checkpoint.safetensors", "--normalize", "imagenet", .. Small]);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Equal(MeanIoULine(trained.Output), MeanIoULine(evaluated.Output));
    }

    [Fact]
    public void EvalWithoutDataScoresTheMainJobsSyntheticCheckpointAsTrainingDid()
    {
        using var directory = new TemporaryDirectory();
        var trained = Seggen.Run(directory.FullName, ["train", "--epochs", "1", .. TinySynthetic, "--output", "run"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var evaluated = Seggen.Run(directory.FullName, ["eval", "--weights", "run/checkpoint.safetensors", .. TinySynthetic.Skip(2)]);
        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.Contains("data       synthetic 32×32, 5 classes", evaluated.Output);
        Assert.Equal(MeanIoULine(trained.Output), MeanIoULine(evaluated.Output));
    }

    [Fact]
    public void EvalOfACheckpointForAnotherModelNamesTheFileAndTheMismatchedKeys()
    {
        using var directory = new TemporaryDirectory();
        var trained = Seggen.Run(directory.FullName, ["train", "--epochs", "1", .. TinySynthetic, "--output", "run"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var line = OneLineError(Seggen.Run(directory.FullName, "eval", "--weights", "run/checkpoint.safetensors", "--width", "8", "--size", "32", "--val-samples", "8"), "eval");
        Assert.StartsWith("seggen eval: run/checkpoint.safetensors: cannot load state dict into UNetSmall: shape mismatches (", line);
        Assert.Contains("): enc1.0.weight: checkpoint [4, 3, 3, 3], model [8, 3, 3, 3]; ", line);
        Assert.EndsWith(" more", line);
    }

    [Fact]
    public void EvalScoresTheSplitItIsGiven()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.Voc(Path.Combine(directory.FullName, "data"));
        // Lists of three lengths, so each run's image count shows which list it read.
        var lists = Path.Combine(root, "ImageSets", "Segmentation");
        File.WriteAllLines(Path.Combine(lists, "train.txt"), ["a", "b", "c", "d"]);
        File.WriteAllLines(Path.Combine(lists, "test.txt"), ["a", "c", "d"]);
        var trained = Train(directory, $"voc:{root}");
        Assert.True(trained.ExitCode == 0, trained.ToString());

        foreach (var (split, count) in new[] { ("train", 4), ("val", 2), ("test", 3) })
        {
            var evaluated = Seggen.Run(directory.FullName, ["eval", "--data", $"voc:{root}", "--split", split, "--weights", "run/checkpoint.safetensors", .. Small]);
            Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
            Assert.Contains($"{count} {split} images", evaluated.Output);
        }
    }

    [Fact]
    public void ASplitTheDataSetLacksIsAOneLineError()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.Cityscapes(Path.Combine(directory.FullName, "data"));

        var synthetic = OneLineError(Seggen.Run(directory.FullName, "eval", "--split", "test", "--weights", "w.safetensors"), "eval");
        var cityscapes = OneLineError(Seggen.Run(directory.FullName, "eval", "--data", $"cityscapes:{root}", "--split", "test", "--weights", "w.safetensors"), "eval");

        Assert.Equal("seggen eval: --split test: the synthetic set has only train and val splits", synthetic);
        Assert.Contains(Path.Combine(root, "leftImg8bit", "test"), cityscapes);
    }

    [Fact]
    public void EvalOfAMissingCheckpointNamesIt()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("seggen eval: nothing.safetensors: no such file", OneLineError(Seggen.Run(directory.FullName, "eval", "--weights", "nothing.safetensors", "--size", "32", "--val-samples", "8"), "eval"));
    }

    [Theory]
    [InlineData("voc:", "no such folder")]
    [InlineData("camvid:", "no such folder")]
    public void AMissingDataFolderIsAOneLineUserError(string prefix, string problem)
    {
        using var directory = new TemporaryDirectory();
        var missing = Path.Combine(directory.FullName, "missing");
        Assert.Equal($"seggen train: {missing}: {problem} (", OneLineError(Train(directory, prefix + missing), "train")[..($"seggen train: {missing}: {problem} (".Length)]);
    }

    [Fact]
    public void AnUnknownDataSpecIsAOneLineUserError()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("seggen train: --data must be synthetic, voc:PATH, camvid:PATH or cityscapes:PATH, got 'ade20k:x'",
            OneLineError(Seggen.Run(directory.FullName, "train", "--data", "ade20k:x"), "train"));
    }

    [Fact]
    public void AnUnknownChoiceIsAUserErrorListingTheChoices()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "train", "--class-weights", "inverse");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--class-weights must be one of none, median-frequency, got 'inverse'", result.Error);
    }

    [Fact]
    public void ALabelOutsideTheClassesFailsNamingTheFileAndValueOrIsSkippedWithAWarning()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.Voc(Path.Combine(directory.FullName, "voc"));
        var mask = Path.Combine(root, "SegmentationClass", "b.png");
        var labels = DataTrees.Labels(1, DataTrees.VocValues);
        labels[0] = 30;
        DataTrees.WriteMask(mask, labels, palette: true);

        var failed = OneLineError(Train(directory, "voc:" + root), "train");
        Assert.Equal($"seggen train: {mask}: label value 30 at row 0, column 0 is outside the classes (valid: 0–20 (the classes) or 255 (ignored))", failed);

        var skipped = Train(directory, "voc:" + root, "--bad-labels", "skip");
        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        Assert.Equal($"seggen train: skipped {mask}: label value 30 at row 0, column 0 is outside the classes (valid: 0–20 (the classes) or 255 (ignored))", skipped.Error.Trim());
    }

    [Fact]
    public void AMissingImageIsAOneLineUserErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.CamVid(Path.Combine(directory.FullName, "camvid"));
        var image = Path.Combine(root, "val", "0003.png");
        File.Delete(image);
        Assert.Equal($"seggen train: {image}: no such file", OneLineError(Train(directory, "camvid:" + root), "train"));
    }

    [Fact]
    public void ACorruptImageIsAOneLineUserErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.Cityscapes(Path.Combine(directory.FullName, "cityscapes"));
        var image = Path.Combine(root, "leftImg8bit", "train", "aachen", "aachen_000000_000000_leftImg8bit.png");
        File.WriteAllBytes(image, File.ReadAllBytes(image)[..40]);
        Assert.StartsWith($"seggen train: {image}: ", OneLineError(Train(directory, "cityscapes:" + root), "train"));
    }

    [Fact]
    public void AMaskOfAnotherSizeThanItsImageIsAOneLineUserErrorNamingBoth()
    {
        using var directory = new TemporaryDirectory();
        var root = DataTrees.CamVid(Path.Combine(directory.FullName, "camvid"));
        var mask = Path.Combine(root, "trainannot", "0001.png");
        DataTrees.WriteMask(mask, new byte[12 * 12], palette: false, height: 12, width: 12);
        Assert.Equal($"seggen train: {mask}: the mask is 12×12 but its image {Path.Combine(root, "train", "0001.png")} is 20×24",
            OneLineError(Train(directory, "camvid:" + root), "train"));
    }
}
