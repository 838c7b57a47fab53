using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SegGen.Cli.Tests.Support;
using SegGen.Contracts;
using SegGen.Graphs;
using Xunit;

namespace SegGen.Architectures.Tests;

/// <summary>
/// Keeps docs/zoo.md true: the parts between <c>&lt;!-- zoo:KEY --&gt;</c> and <c>&lt;!-- /zoo:KEY --&gt;</c> (the
/// summary table and each model's facts and Mermaid diagram) are what the generated models say: parameter
/// counts and graphs from <c>Graph</c>, contracts from <c>Contract</c>, FLOPs from <c>MultiplyAccumulates</c>.
/// SEGGEN_ACCEPT_DOCS=1 rewrites them.
/// </summary>
public class ZooDocumentationTests
{
    private sealed record Entry(ModelGraph Graph, ModelContract Contract, long MacsAt512)
    {
        public string Name => Graph.Model;

        public string Gflops => (2.0 * MacsAt512 / 1e9).ToString("F1", CultureInfo.InvariantCulture);

        public string Parameters => Graph.TotalParameters.ToString("N0", CultureInfo.InvariantCulture);

        public string Output => string.Join(", ", Graph.Outputs.Select(o => $"`{o.Name}` {Graph.Nodes.Single(n => n.Name == o.Node).Shape}"));
    }

    private static readonly Entry[] Zoo =
    [
        new(FCN32s.Graph, FCN32s.Contract, FCN32s.MultiplyAccumulates(512, 512)),
        new(FCN16s.Graph, FCN16s.Contract, FCN16s.MultiplyAccumulates(512, 512)),
        new(FCN8s.Graph, FCN8s.Contract, FCN8s.MultiplyAccumulates(512, 512)),
        new(SegNet.Graph, SegNet.Contract, SegNet.MultiplyAccumulates(512, 512)),
        new(BayesianSegNet.Graph, BayesianSegNet.Contract, BayesianSegNet.MultiplyAccumulates(512, 512)),
        new(DeconvNet.Graph, DeconvNet.Contract, DeconvNet.MultiplyAccumulates(512, 512)),
        new(DeepLabLargeFOV.Graph, DeepLabLargeFOV.Contract, DeepLabLargeFOV.MultiplyAccumulates(512, 512)),
        new(DeepLabV2.Graph, DeepLabV2.Contract, DeepLabV2.MultiplyAccumulates(512, 512)),
        new(DeepLabV3Plus.Graph, DeepLabV3Plus.Contract, DeepLabV3Plus.MultiplyAccumulates(512, 512)),
        new(UNet.Graph, UNet.Contract, UNet.MultiplyAccumulates(512, 512)),
        new(VGG16.Graph, VGG16.Contract, VGG16.MultiplyAccumulates(512, 512)),
        new(VGG16BN.Graph, VGG16BN.Contract, VGG16BN.MultiplyAccumulates(512, 512)),
        new(FCNResNet50.Graph, FCNResNet50.Contract, FCNResNet50.MultiplyAccumulates(512, 512)),
        new(DeepLabV3ResNet50.Graph, DeepLabV3ResNet50.Contract, DeepLabV3ResNet50.MultiplyAccumulates(512, 512)),
        new(DeepLabV3ResNet101.Graph, DeepLabV3ResNet101.Contract, DeepLabV3ResNet101.MultiplyAccumulates(512, 512)),
    ];

    private static string Page => Repository.Path("docs", "zoo.md");

    [Fact]
    public void ZooPageShowsWhatTheGeneratedModelsSay()
    {
        var sections = new Dictionary<string, string> { ["table"] = Table() };
        foreach (var entry in Zoo) sections[entry.Name] = Facts(entry);

        var text = File.ReadAllText(Page).ReplaceLineEndings("\n");
        var rewritten = text;
        var stale = new List<string>();
        foreach (var (key, expected) in sections)
        {
            var (begin, end) = ($"<!-- zoo:{key} -->\n", $"<!-- /zoo:{key} -->");
            var start = rewritten.IndexOf(begin, StringComparison.Ordinal);
            var stop = rewritten.IndexOf(end, StringComparison.Ordinal);
            Assert.True(start >= 0 && stop > start, $"docs/zoo.md needs the markers {begin.Trim()} and {end}");
            start += begin.Length;
            if (rewritten[start..stop] == expected) continue;
            stale.Add(key);
            rewritten = rewritten[..start] + expected + rewritten[stop..];
        }
        if (stale.Count == 0) return;
        if (Acceptance.Enabled)
        {
            File.WriteAllText(Page, rewritten);
            return;
        }
        Assert.Fail($"docs/zoo.md is stale for {string.Join(", ", stale)}. {Acceptance.Hint}");
    }

    private static string Table()
    {
        var text = new StringBuilder("| model | parameters | accepted input sizes | GFLOPs at 512×512 |\n| --- | ---: | --- | ---: |\n");
        foreach (var e in Zoo) text.Append($"| [{e.Name}](#{e.Name.ToLowerInvariant()}) | {e.Parameters} | {Sizes(e.Contract)} | {e.Gflops} |\n");
        return text.ToString();
    }

    private static string Facts(Entry e) =>
        $"- parameters: {e.Parameters}\n" +
        $"- contract: {e.Contract}\n" +
        $"- output: {e.Output}\n" +
        $"- cost at 512×512: {e.Gflops} GFLOPs ({e.MacsAt512.ToString("N0", CultureInfo.InvariantCulture)} multiply-accumulates in convolutions)\n\n" +
        $"<details><summary>graph ({e.Graph.Nodes.Count} nodes)</summary>\n\n```mermaid\n{e.Graph.ToMermaid()}```\n\n</details>\n";

    private static string Sizes(ModelContract contract) => string.Join("; ", contract.Inputs.Select(i => $"{i.Height}; {i.Width}"));
}
