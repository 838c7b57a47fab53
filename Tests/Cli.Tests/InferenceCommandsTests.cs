using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Architectures;
using SegGen.Cli.Tests.Support;
using SegGen.Contracts;
using SegGen.Imaging;
using SegGen.Torch;
using SegGen.Torch.Serialization;
using SegGen.Training;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Cli.Tests;

/// <summary>
/// <c>seggen models</c>, <c>summary</c>, <c>graph</c> and <c>predict</c> as a user runs them, on files the tests write:
/// a freshly seeded UNetSmall (width 4) saved as weights, images and tensors; expected values come from running the
/// same model in-process.
/// </summary>
public class InferenceCommandsTests
{
    private static readonly string[] Width4 = ["--hp", "width=4"];

    /// <summary>Tests/Cli.Tests/Models/Composition: Segmenter uses Backbones.Encoder, which uses Stage.</summary>
    private static readonly string[] Composition = ["Segmenter.seg.yaml", "Encoder.seg.yaml", "Stage.seg.yaml"];

    /// <summary>A model that uses a zoo model (UNetSmall) and declares nothing else.</summary>
    private const string WrappedZooModel = """
        model: Wrapped
        hyperparameters:
          width: 16
        inputs:
          image: [N, 3, H, W]
        layers:
          net: use(UNetSmall, width=width)
        """;

    // ---- models, summary, graph ----

    [Fact]
    public void ModelsListsTheZooWithContractsOutputsAndHyperparameters()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "models");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("UNetSmall: A small U-Net", result.Output);
        Assert.Contains($"  input   {UNetSmall.Contract.Inputs[0]}", result.Output);
        Assert.Contains("  output  out [N, classes, H, W]", result.Output);
        Assert.Contains("  hyperparameters  classes=5, width=16", result.Output);
        Assert.Contains($"  parameters       {UNetSmall.Graph.TotalParameters:N0} (at the defaults)", result.Output);
    }

    [Fact]
    public void SummaryGivesEachLayersShapesParametersAndFlopsAtTheSizeAndHyperparameters()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "summary", "UNetSmall", "--size", "40x24", "--batch", "2", "--hp", "width=4");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("UNetSmall at 2x3x40x24 (classes=5, width=4)", lines[0]);
        // enc1.0: conv(width=4, 3×3, no bias) on 3 channels: 108 weights, each used at 2·40·24 positions, 2 FLOPs a multiply-add.
        Assert.Contains(lines, l => Columns(l) is ["enc1.0", "conv(width,", "3,", "pad=1,", "bias=false)", "[N,", "width,", "H,", "W]", "[2,", "4,", "40,", "24]", "108", var flops] && flops == $"{2 * 108 * 2 * 40 * 24:N0}");
        Assert.Contains(lines, l => Columns(l) is ["mid.0", "maxpool(2)", "[N,", "4*width,", "⌊H/8⌋,", "⌊W/8⌋]", "[2,", "16,", "5,", "3]", "0", _]);
        // The parameters are those of the model built with width 4.
        using var model = new UNetSmall(width: 4);
        Assert.Contains($"total: {model.parameters().Sum(p => p.numel()):N0} parameters", result.Output);
    }

    /// <summary>Every model of the zoo (each has a generated contract), for tests that go through all of them.</summary>
    public static TheoryData<string> ZooModels() =>
        [.. typeof(UNetSmall).Assembly.GetExportedTypes().Where(t => t.IsDefined(typeof(ModelContractAttribute), inherit: false)).Select(t => t.Name)];

    /// <summary>
    /// The summary's convolution count against the generated <c>MultiplyAccumulates</c> (which the zoo's CostTests
    /// compare with PyTorch's hook counts), at a size each dimension reaches through different roundings.
    /// </summary>
    [Theory]
    [MemberData(nameof(ZooModels))]
    public void SummaryCountsTheMultiplyAccumulatesOfTheGeneratedCostFormula(string model)
    {
        var type = typeof(UNetSmall).Assembly.GetType($"SegGen.Architectures.{model}")!;
        var contract = ((ModelContract)type.GetProperty("Contract")!.GetValue(null)!).Inputs[0];
        var (height, width) = (contract.Height.NextAccepted(45), contract.Width.NextAccepted(61));
        var formula = type.GetMethod("MultiplyAccumulates")!;
        var generated = (long)formula.Invoke(null, [height, width, .. formula.GetParameters().Skip(2).Select(p => p.DefaultValue)])!;

        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "summary", model, "--size", $"{height}x{width}", "--batch", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"convolutions: {2 * generated:N0} multiply-accumulates", result.Output);
    }

    [Fact]
    public void SummaryReadsAModelFileToo()
    {
        using var directory = new TemporaryDirectory();
        directory.CopyModel("TinySegNet.seg.yaml");
        var result = Seggen.Run(directory.FullName, "summary", "TinySegNet.seg.yaml", "--size", "32");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("TinySegNet at 1x3x32x32", result.Output);
    }

    [Fact]
    public void SummaryResolvesUsedModelsFromTheOtherFilesAndTheZoo()
    {
        using var directory = new TemporaryDirectory();
        CopyComposition(directory);
        File.WriteAllText(Path.Combine(directory.FullName, "Wrapped.seg.yaml"), WrappedZooModel);

        var byFile = Seggen.Run(directory.FullName, ["summary", .. Composition, "--size", "32"]);
        var byName = Seggen.Run(directory.FullName, ["summary", "Segmenter", .. Composition, "--size", "32"]);
        var usingTheZoo = Seggen.Run(directory.FullName, "summary", "Wrapped.seg.yaml", "--size", "32", "--hp", "width=4");

        Assert.True(byFile.ExitCode == 0, byFile.ToString());
        Assert.StartsWith("Segmenter at 1x3x32x32 (classes=5)", byFile.Output);
        Assert.Contains(byFile.Output.Split('\n'), l => Columns(l) is ["backbone.layer3.1.conv", ..]);
        Assert.Equal(byFile.Output, byName.Output);
        Assert.True(usingTheZoo.ExitCode == 0, usingTheZoo.ToString());
        using var model = new UNetSmall(width: 4);
        Assert.Contains($"total: {model.parameters().Sum(p => p.numel()):N0} parameters", usingTheZoo.Output);
    }

    [Fact]
    public void CheckResolvesAZooModelAsSummaryDoes()
    {
        using var directory = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(directory.FullName, "Wrapped.seg.yaml"), WrappedZooModel);

        var result = Seggen.Run(directory.FullName, "check", "Wrapped.seg.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Wrapped.seg.yaml: model Wrapped", result.Output);
        Assert.Contains("  input image [N, 3, H, W]: H ≥ 8; W ≥ 8", result.Output);
    }

    [Fact]
    public void GraphOfADeclarationIsTheGraphItsBuildGenerates()
    {
        using var directory = new TemporaryDirectory();
        CopyComposition(directory);
        var zooFile = Repository.Path("Architectures", "Models", "UNetSmall.seg.yaml");

        var mermaid = Seggen.Run(directory.FullName, "graph", zooFile);
        var dot = Seggen.Run(directory.FullName, ["graph", "Segmenter", .. Composition, "--format", "dot"]);

        Assert.True(mermaid.ExitCode == 0, mermaid.ToString());
        Assert.Equal(UNetSmall.Graph.ToMermaid(), mermaid.Output);
        Assert.True(dot.ExitCode == 0, dot.ToString());
        Assert.StartsWith("digraph n_Segmenter {", dot.Output);
        Assert.Contains("backbone.layer3.1.conv", dot.Output);
    }

    [Fact]
    public void GraphPrintsMermaidOrDot()
    {
        using var directory = new TemporaryDirectory();
        var mermaid = Seggen.Run(directory.FullName, "graph", "UNetSmall");
        var dot = Seggen.Run(directory.FullName, "graph", "UNetSmall", "--format", "dot");

        Assert.True(mermaid.ExitCode == 0, mermaid.ToString());
        Assert.Equal(UNetSmall.Graph.ToMermaid(), mermaid.Output);
        Assert.True(dot.ExitCode == 0, dot.ToString());
        Assert.Equal(UNetSmall.Graph.ToDot(), dot.Output);
    }

    [Fact]
    public void GraphSvgNeedsGraphvizAndSaysSoWhenItIsMissing()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "graph", "UNetSmall", "--svg", "unet.svg");

        var svg = Path.Combine(directory.FullName, "unet.svg");
        if (GraphvizInstalled())
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("<svg", File.ReadAllText(svg));
        }
        else
        {
            AssertOneLineUserError(result, "--svg needs graphviz's 'dot', which is not installed");
            Assert.False(File.Exists(svg));
        }
    }

    // ---- predict ----

    [Fact]
    public void PredictOnATensorGivesTheLogitsOfTheModelOrTheirSoftmax()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        var model = SavedModel(directory, "weights.safetensors");
        var input = Random(1, 3, 24, 40);
        Safetensors.Save(Path.Combine(directory.FullName, "batch.safetensors"), new Dictionary<string, Tensor> { ["input"] = input });

        var result = Predict(directory, "batch.safetensors", "weights.safetensors", "--output", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertClose(Forward(model, input), Logits(directory, "out/batch.logits.safetensors"));
        var probabilities = Predict(directory, "batch.safetensors", "weights.safetensors", "--output", "softmax", "--probabilities");
        Assert.True(probabilities.ExitCode == 0, probabilities.ToString());
        AssertClose(Forward(model, input).softmax(1), Safetensors.Load(Path.Combine(directory.FullName, "softmax", "batch.logits.safetensors"))["probabilities"]);
    }

    [Fact]
    public void PredictLoadsPyTorchStateDictsAndTrainingCheckpoints()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        var model = SavedModel(directory, "weights.safetensors");
        ProcessRun.Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "reference", "torch_save.py"), "weights.safetensors", "weights.pt"], directory.FullName, TimeSpan.FromMinutes(1));
        // A training checkpoint as seggen train writes it: the model under "model.", beside the optimizer's and schedule's state.
        var optimizer = optim.SGD(model.parameters(), lr: 0.1, momentum: 0.9);
        TrainingCheckpoint.Save(Path.Combine(directory.FullName, "checkpoint.safetensors"), model, optimizer, optim.lr_scheduler.StepLR(optimizer, 1), epochsCompleted: 1);
        var input = Random(2, 3, 16, 16);
        Safetensors.Save(Path.Combine(directory.FullName, "batch.safetensors"), new Dictionary<string, Tensor> { ["input"] = input });
        var expected = Forward(model, input);

        foreach (var weights in new[] { "weights.pt", "checkpoint.safetensors" })
        {
            var result = Predict(directory, "batch.safetensors", weights, "--output", "out-" + weights);
            Assert.True(result.ExitCode == 0, result.ToString());
            AssertClose(expected, Logits(directory, $"out-{weights}/batch.logits.safetensors"));
        }
    }

    [Fact]
    public void PredictOnAFolderWritesPaletteMasksOfTheModelsClassesAndOverlays()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        var model = SavedModel(directory, "weights.safetensors");
        Directory.CreateDirectory(Path.Combine(directory.FullName, "images"));
        foreach (var (name, height, width) in new[] { ("a.png", 20, 28), ("b.png", 33, 17) }) WriteImage(directory, Path.Combine("images", name), height, width);
        // A JPEG from torchvision's encoder.
        ProcessRun.Run("/usr/bin/python3", ["-c", "import torch, torchvision.io as io; torch.manual_seed(0); io.write_jpeg(torch.randint(0, 256, (3, 24, 16), dtype=torch.uint8), 'images/c.jpg')"],
            directory.FullName, TimeSpan.FromMinutes(1));
        var images = new[] { "a.png", "b.png", "c.jpg" }.Select(name => (name, Pixels: Image.read_image(Path.Combine(directory.FullName, "images", name)))).ToList();

        var result = Predict(directory, "images", "weights.safetensors", "--output", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var (name, pixels) in images)
        {
            var stem = Path.Combine(directory.FullName, "out", Path.GetFileNameWithoutExtension(name));
            // The contract accepts these sizes (H, W ≥ 8), so each mask is the plain forward's argmax.
            var expected = Forward(model, pixels.to(ScalarType.Float32).div(255).unsqueeze(0))[0].argmax(0).to(ScalarType.Byte);
            Assert.Equal(expected.ToArray<byte>(), Image.read_palette_indices(stem + "_mask.png").ToArray<byte>());
            var overlay = Image.read_image(stem + "_overlay.png");
            Assert.Equal(pixels.shape, overlay.shape);
        }
    }

    [Fact]
    public void PredictPadsImagesTheContractRejectsAndTilesLargeOnes()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "weights.safetensors");
        WriteImage(directory, "small.png", 5, 6);
        WriteImage(directory, "large.png", 70, 90);

        var small = Predict(directory, "small.png", "weights.safetensors", "--output", "out", "--flip", "--samples", "3");
        var large = Predict(directory, "large.png", "weights.safetensors", "--output", "out", "--tile", "32", "--overlap", "8", "--scales", "0.5,1");

        Assert.True(small.ExitCode == 0, small.ToString());
        Assert.Equal([5, 6], Image.read_palette_indices(Path.Combine(directory.FullName, "out", "small_mask.png")).shape);
        // UNetSmall has no dropout: every Monte Carlo sample agrees, so the uncertainty picture is black.
        Assert.Equal(0, Image.read_image(Path.Combine(directory.FullName, "out", "small_uncertainty.png")).max().item<byte>());
        Assert.True(large.ExitCode == 0, large.ToString());
        Assert.Equal([70, 90], Image.read_palette_indices(Path.Combine(directory.FullName, "out", "large_mask.png")).shape);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("summary")]
    [InlineData("graph")]
    [InlineData("predict")]
    public void EveryCommandHasHelp(string command)
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"seggen {command}", result.Output);
        Assert.Contains("Description:", result.Output);
    }

    // ---- bad input ----

    [Fact]
    public void AMissingInputOrWeightsFileIsAOneLineErrorNamingIt()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "weights.safetensors");
        WriteImage(directory, "image.png", 8, 8);

        AssertOneLineUserError(Predict(directory, "nothing.png", "weights.safetensors"), "nothing.png: no such file or folder");
        AssertOneLineUserError(Predict(directory, "image.png", "missing.pt"), "missing.pt: no such file");
        Directory.CreateDirectory(Path.Combine(directory.FullName, "empty"));
        AssertOneLineUserError(Predict(directory, "empty", "weights.safetensors"), "empty: no PNG or JPEG images in this folder");
    }

    [Fact]
    public void ACorruptImageIsAOneLineErrorNamingItAndTheOthersAreStillPredicted()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "weights.safetensors");
        Directory.CreateDirectory(Path.Combine(directory.FullName, "images"));
        var good = Image.encode_png(Pixels(12, 12));
        File.WriteAllBytes(Path.Combine(directory.FullName, "images", "broken.png"), good[..(good.Length / 2)]);
        File.WriteAllBytes(Path.Combine(directory.FullName, "images", "good.png"), good);

        var result = Predict(directory, "images", "weights.safetensors", "--output", "out");

        AssertOneLineUserError(result, "broken.png");
        Assert.True(File.Exists(Path.Combine(directory.FullName, "out", "good_mask.png")));
        Assert.False(File.Exists(Path.Combine(directory.FullName, "out", "broken_mask.png")));
    }

    [Fact]
    public void WeightsOfAnotherShapeAreAOneLineErrorNamingTheKeys()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "width4.safetensors");
        Safetensors.Save(Path.Combine(directory.FullName, "other.safetensors"), new Dictionary<string, Tensor> { ["backbone.conv.weight"] = zeros(2, 2) });
        WriteImage(directory, "image.png", 8, 8);

        // Width 4 weights for the default width 16.
        var mismatched = Seggen.Run(directory.FullName, "predict", "UNetSmall", "image.png", "--weights", "width4.safetensors");
        AssertOneLineUserError(mismatched, "width4.safetensors: cannot load state dict into UNetSmall: shape mismatches (");
        Assert.Contains("): enc1.0.weight: checkpoint [4, 3, 3, 3], model [16, 3, 3, 3]; ", mismatched.Error);
        var unrelated = Seggen.Run(directory.FullName, "predict", "UNetSmall", "image.png", "--weights", "other.safetensors");
        // Every key of the model is missing: the line gives their count, the first five and how many more.
        using var model = new UNetSmall();
        var keys = model.state_dict().Keys.ToList();
        AssertOneLineUserError(unrelated, $"other.safetensors: cannot load state dict into UNetSmall: missing keys ({keys.Count}): " +
            $"{string.Join(", ", keys.Take(5))}, …and {keys.Count - 5} more; unexpected keys: backbone.conv.weight");
    }

    [Fact]
    public void ACorruptWeightsFileOrATensorFileWithoutAFittingInputIsAOneLineError()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "weights.safetensors");
        File.WriteAllText(Path.Combine(directory.FullName, "garbage.pt"), "not a checkpoint");
        Safetensors.Save(Path.Combine(directory.FullName, "batch.safetensors"), new Dictionary<string, Tensor> { ["image"] = zeros(1, 3, 8, 8) });
        Safetensors.Save(Path.Combine(directory.FullName, "rgba.safetensors"), new Dictionary<string, Tensor> { ["input"] = zeros(1, 4, 8, 8) });
        WriteImage(directory, "image.png", 8, 8);

        AssertOneLineUserError(Predict(directory, "image.png", "garbage.pt"), "garbage.pt");
        AssertOneLineUserError(Predict(directory, "batch.safetensors", "weights.safetensors"),
            "batch.safetensors: no tensor named 'input' (it has image)");
        AssertOneLineUserError(Predict(directory, "rgba.safetensors", "weights.safetensors"),
            "UNetSmall: input 'image' expects [N, 3, H, W]");
    }

    [Fact]
    public void UnknownModelsHyperparametersAndRejectedSizesAreOneLineErrors()
    {
        using var directory = new TemporaryDirectory();
        const string unknown = "unknown model 'UNetHuge'; the zoo has";

        AssertOneLineUserError(Seggen.Run(directory.FullName, "summary", "UNetHuge"), "seggen summary: " + unknown);
        AssertOneLineUserError(Seggen.Run(directory.FullName, "graph", "UNetHuge"), "seggen graph: " + unknown);
        AssertOneLineUserError(Seggen.Run(directory.FullName, "predict", "UNetHuge", "x.png", "--weights", "w.pt"), "seggen predict: " + unknown);
        AssertOneLineUserError(Seggen.Run(directory.FullName, "summary", "UNetSmall", "--hp", "depth=3"), "UNetSmall has no integer hyperparameter 'depth'");
        AssertOneLineUserError(Seggen.Run(directory.FullName, "summary", "UNetSmall", "--size", "4x64"), "UNetSmall does not accept 4x64 (H ≥ 8; W ≥ 8); the next accepted size is 8x64");
        AssertOneLineUserError(Seggen.Run(directory.FullName, "summary", "Missing.seg.yaml"), "Missing.seg.yaml: no such file");
        AssertOneLineUserError(Seggen.Run(directory.FullName, "summary", "UNetSmall", "--size", "4000000000"), "UNetSmall at 1x4000000000x4000000000: too large to count in 64 bits");
    }

    [Fact]
    public void ATileTheContractRejectsIsAOneLineError()
    {
        using var directory = new TemporaryDirectory();
        using var scope = NewDisposeScope();
        SavedModel(directory, "weights.safetensors");
        WriteImage(directory, "image.png", 8, 8);

        AssertOneLineUserError(Predict(directory, "image.png", "weights.safetensors", "--tile", "4", "--overlap", "1"),
            "tile 4×4 is not accepted by input 'image'");
    }

    // ---- helpers ----

    private static void CopyComposition(TemporaryDirectory directory)
    {
        foreach (var file in Composition) File.Copy(Repository.Path("Tests", "Cli.Tests", "Models", "Composition", file), Path.Combine(directory.FullName, file));
    }

    private static ProcessResult Predict(TemporaryDirectory directory, string input, string weights, params string[] options) =>
        Seggen.Run(directory.FullName, ["predict", "UNetSmall", input, "--weights", weights, .. Width4, .. options]);

    private static void WriteImage(TemporaryDirectory directory, string name, long height, long width) =>
        Image.write_png(Pixels(height, width), Path.Combine(directory.FullName, name));

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A UNetSmall of width 4 from a fixed seed, in eval mode, its weights saved as <paramref name="name"/>.</summary>
    private static UNetSmall SavedModel(TemporaryDirectory directory, string name)
    {
        UNetSmall model;
        lock (SeedLock)
        {
            manual_seed(42);
            model = new UNetSmall(width: 4);
        }
        // Non-trivial running statistics, so eval mode matters.
        using (no_grad())
        {
            foreach (var (key, buffer) in model.named_buffers().Where(b => b.name.EndsWith("running_var"))) buffer.fill_(1.5);
        }
        model.eval();
        Safetensors.Save(Path.Combine(directory.FullName, name), model.state_dict());
        return model;
    }

    private static readonly object SeedLock = new();

    private static Tensor Random(params long[] shape)
    {
        lock (SeedLock)
        {
            manual_seed(5);
            return rand(shape);
        }
    }

    private static Tensor Pixels(long height, long width) => Random(3, height, width).mul(255).to(ScalarType.Byte);

    private static Tensor Forward(UNetSmall model, Tensor input)
    {
        using var gradients = no_grad();
        return model.forward(input);
    }

    private static Tensor Logits(TemporaryDirectory directory, string file) => Safetensors.Load(Path.Combine(directory.FullName, file))["logits"];

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"logits differ by up to {difference}");
    }

    private static void AssertOneLineUserError(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var error = result.Error.TrimEnd();
        Assert.DoesNotContain('\n', error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error);
    }

    private static bool GraphvizInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(folder => File.Exists(Path.Combine(folder, "dot")));
}
