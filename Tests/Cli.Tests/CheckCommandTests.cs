using SegGen.Cli.Tests.Support;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary><c>seggen check</c>, run as a process on files the test writes (the models are those of Models/, shared with scripts/pack-check.sh).</summary>
public class CheckCommandTests
{
    private const string BrokenLine =
        "Broken.seg.yaml(10,9): error SEG0009: 'fuse' adds 'block' [N, 2*width, H, W] and 'stem' [N, width, H, W], whose channels differ (2*width vs width); " +
        "map 'stem' to 2*width channels first, e.g. with conv(2*width, 1)";

    [Fact]
    public void AGoodModelExitsZeroAndPrintsItsContract()
    {
        using var directory = new TemporaryDirectory();
        directory.CopyModel("TinySegNet.seg.yaml");

        var result = Seggen.Run(directory.FullName, "check", "TinySegNet.seg.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            """
            TinySegNet.seg.yaml: model TinySegNet
              input image [N, 3, H, W]: H ≥ 4; W ≥ 4
              output out [N, classes, H, W]

            """, result.Output.ReplaceLineEndings("\n"));
        Assert.Empty(result.Error);
    }

    [Fact]
    public void ABrokenModelExitsOneWithTheCompilersDiagnosticLine()
    {
        using var directory = new TemporaryDirectory();
        directory.CopyModel("Broken.seg.yaml");

        var result = Seggen.Run(directory.FullName, "check", "Broken.seg.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(BrokenLine + "\n", result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void EveryFileIsCheckedAndOneErrorFailsTheRun()
    {
        using var directory = new TemporaryDirectory();
        directory.CopyModel("Broken.seg.yaml");
        directory.CopyModel("TinySegNet.seg.yaml");

        var result = Seggen.Run(directory.FullName, "check", "Broken.seg.yaml", "TinySegNet.seg.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith(BrokenLine + "\nTinySegNet.seg.yaml: model TinySegNet\n", result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void InformationAloneDoesNotFailTheRun()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("Narrow.seg.yaml", """
            model: Narrow
            inputs:
              image: [N, 3, H, W]
            layers:
              down: [conv(3, 3, pad=1), maxpool(2)]
              up: upsample(scale=2)
              fuse: {from: up, ops: add(image)}
            """);

        var result = Seggen.Run(directory.FullName, "check", "Narrow.seg.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Narrow.seg.yaml(7,25): info SEG0011: Narrow accepts only H ≡ 0 (mod 2), H ≥ 2: ", result.Output);
    }

    [Fact]
    public void AnUnreadableFileExitsOne()
    {
        using var directory = new TemporaryDirectory();

        var result = Seggen.Run(directory.FullName, "check", "Missing.seg.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("seggen: cannot read 'Missing.seg.yaml': ", result.Error);
    }

    [Fact]
    public void HelpDescribesTheCommand()
    {
        using var directory = new TemporaryDirectory();

        var result = Seggen.Run(directory.FullName, "check", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("seggen check <files>...", result.Output);
    }
}
