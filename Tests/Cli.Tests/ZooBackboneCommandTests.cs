using SegGen.Cli.Tests.Support;
using Xunit;

namespace SegGen.Cli.Tests;

/// <summary>
/// The zoo's networks use its backbones (FCN8s uses VGG16): <c>seggen summary</c> checks the embedded
/// declarations together, and a model file may use a zoo backbone by name.
/// </summary>
public class ZooBackboneCommandTests
{
    [Fact]
    public void SummaryOfANetworkOnAZooBackboneShowsTheBackbonesLayersUnderTheirNames()
    {
        using var directory = new TemporaryDirectory();
        var result = Seggen.Run(directory.FullName, "summary", "FCN8s", "--size", "32", "--hp", "width=4");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\nfeatures.23 ", result.Output);
        Assert.Contains("\nscore_pool4 ", result.Output);
    }

    [Fact]
    public void SummaryOfAModelFileFindsTheZooBackboneItUses()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("OnVgg.seg.yaml", """
            model: OnVgg
            inputs:
              image: [N, 3, H, W]
            layers:
              backbone: use(VGG16, width=4)
              head: [conv(2, 1), upsample(like=image)]
            """);
        var result = Seggen.Run(directory.FullName, "summary", "OnVgg.seg.yaml", "--size", "64");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\nbackbone.features.28 ", result.Output);
    }
}
