using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using SegGen.Generator.Tests.Properties;
using SegGen.Generator.Tests.Support;
using SegGen.Torch;
using Xunit;

namespace SegGen.Generator.Tests.Composition;

/// <summary>
/// <c>use(Model, …)</c> in one compilation: a used model's ops join the user's graph under the use's
/// name, checked for the options given at the use site, with taps into its layers.
/// </summary>
public class CompositionTests
{
    /// <summary>Bottleneck blocks, a two-stage ResNet of them, and a DeepLab-like net on a dilated ResNet with an aux head on layer1.</summary>
    public static readonly string[] Models = ["Bottleneck", "TinyResNet", "TinyDeepLab"];

    private static GeneratorHarness Harness() => GeneratorHarness.ForModels(Models);

    [Fact]
    public void ModelsThatUseOthersGenerateCodeThatCompilesWithoutWarnings()
    {
        var harness = Harness();
        var result = harness.Run();

        Assert.Equal("(no diagnostics)", result.Diagnostics.IsEmpty ? "(no diagnostics)" : DiagnosticText.Lines(result.Diagnostics));
        Assert.Empty(harness.CompileDiagnostics());
    }

    [Fact]
    public void ResNetParametersCarryTorchvisionsNamesAndShapes()
    {
        var harness = Harness();
        harness.Run();
        using var models = GeneratedModels.Load(harness.Output!);
        using var resnet = models.Create("Demo.TinyResNet");

        var ours = resnet.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]").ToList();

        // torchvision's ResNet-50 layout (Bottleneck blocks, width 64), cut after layer2 like TinyResNet.
        var theirs = Python("""
            import torchvision
            m = torchvision.models.resnet.ResNet(torchvision.models.resnet.Bottleneck, [2, 2, 2, 2])
            for k, v in m.state_dict().items():
                if k.split('.')[0] in ('conv1', 'bn1', 'layer1', 'layer2'):
                    print(f"{k} [{', '.join(str(d) for d in v.shape)}]")
            """);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void DottedLayerNamesGiveTorchvisionsAsppItsParallelBranchesNames()
    {
        var harness = GeneratorHarness.ForModels("Aspp");
        Assert.Empty(harness.Run().Diagnostics);
        using var models = GeneratedModels.Load(harness.Output!);
        using var aspp = models.Create("Demo.Aspp");

        var ours = aspp.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]").ToList();

        var theirs = Python("""
            from torchvision.models.segmentation.deeplabv3 import ASPP
            for k, v in ASPP(64, [12, 24, 36], 32).state_dict().items():
                print(f"{k} [{', '.join(str(d) for d in v.shape)}]")
            """);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void TapIntoAUsedModelReadsItsLayerAtTheShapeTheUseSiteOptionsGive()
    {
        var checkedModel = Check("TinyDeepLab");

        var model = checkedModel.Model!;
        var shapes = checkedModel.Shapes!;
        string ShapeOf(string path) => shapes.Of(model.Ops.Last(o => o.Path == path).Id).Text;
        // layer2 keeps layer1's size with stride 1 and dilation 2 given at the use site (output stride 4, not 8).
        Assert.Equal("[N, 32, ⌊(H+3)/4⌋, ⌊(W+3)/4⌋]", ShapeOf("backbone.layer1.1.residual.1"));
        Assert.Equal("[N, 64, ⌊(H+3)/4⌋, ⌊(W+3)/4⌋]", ShapeOf("backbone.layer2.1.residual.1"));
        Assert.Equal("[N, 32, ⌊(H+3)/4⌋, ⌊(W+3)/4⌋]", shapes.Of(model.Ops.Single(o => o.Path == "aux_classifier.0").Inputs[0]).Text);
    }

    [Fact]
    public void OptionsGivenAtTheUseSiteChangeTheStructure()
    {
        var dilated = Check("TinyDeepLab").Model!;
        var plain = Check("TinyResNet").Model!;

        string Conv2(Binding.BoundModel m, string path) => m.Ops.Single(o => o.Path == path).Text;
        Assert.Equal("conv(2*width, 3, stride=2, pad=1, dilation=1, bias=false)", Conv2(plain, "layer2.0.conv2"));
        Assert.Equal("conv(16, 3, stride=1, pad=1, dilation=1, bias=false)", Conv2(dilated, "backbone.layer2.0.conv2"));
        Assert.Equal("conv(16, 3, stride=1, pad=2, dilation=2, bias=false)", Conv2(dilated, "backbone.layer2.1.conv2"));
    }

    [Theory]
    [InlineData("TinyDeepLab.g.cs")]
    [InlineData("TinyDeepLab.Graph.g.cs")]
    public void GeneratedSourceOfAModelThatUsesOthersMatchesItsSnapshot(string hintName)
    {
        var result = Harness().Run();

        var source = Assert.Single(result.Results[0].GeneratedSources, s => s.HintName == hintName);
        Snapshot.Match(Snapshots.GeneratedSourceTests.WithoutVersion(source.SourceText.ToString()), System.IO.Path.GetFileNameWithoutExtension(hintName), "cs");
    }

    [Fact]
    public void ForwardThroughAUsedModelGivesBothHeadsAtTheInputSize()
    {
        var harness = Harness();
        harness.Run();
        using var models = GeneratedModels.Load(harness.Output!);
        using var net = models.CreateAny("Demo.TinyDeepLab");
        using var image = torch.randn(2, 3, 37, 50);

        using var outputs = (IDisposable)net.GetType().GetMethod("forward")!.Invoke(net, [image])!;

        var tensors = outputs.GetType().GetProperties().Select(p => (torch.Tensor)p.GetValue(outputs)!).ToList();
        Assert.All(tensors, t => Assert.Equal([2L, 5, 37, 50], t.shape));
    }

    /// <summary>Block, and Outer, which inlines Block (its layers stem and deep become Outer's own).</summary>
    private static readonly (string FileName, string Yaml)[] Inlined =
    [
        ("Block.seg.yaml", """
            model: Block
            hyperparameters:
              width: 8
            inputs:
              x: [N, 3, H, W]
            layers:
              stem: [conv(width, 3, pad=1), relu]
              deep: [conv(2*width, 3, stride=2, pad=1), relu]
            """),
        ("Outer.seg.yaml", """
            model: Outer
            inputs:
              image: [N, 3, H, W]
            layers:
              block: {ops: use(Block, width=4), inline: true}
              extra: conv(4, 1)
            """),
    ];

    /// <summary>Net inlines Outer, which inlines Block: Block's layers are Net's, and 'stem.0' taps Block's first convolution.</summary>
    private const string InliningNet = """
        model: Net
        inputs:
          image: [N, 3, H, W]
        layers:
          outer: {ops: use(Outer), inline: true}
          head: [conv(2, 1), upsample(like=image)]
          skip: {from: stem.0, ops: conv(2, 1)}
          fused: {from: head, ops: add(skip)}
        """;

    [Fact]
    public void InlinedModelsLayersAreTheUsersOwnWithoutPrefixAlsoInTurn()
    {
        var harness = GeneratorHarness.ForYaml([.. Inlined, ("Net.seg.yaml", InliningNet)]);

        AssertInliningNetBuilds(harness);
    }

    [Fact]
    public void InlineSurvivesTheDeclarationAReferencedAssemblyCarries()
    {
        var producer = new GeneratorHarness(Inlined.Select(f => (AdditionalText)new InMemoryAdditionalText("/models/" + f.FileName, f.Yaml)), assemblyName: "Producer");
        producer.Run();
        var harness = new GeneratorHarness([new InMemoryAdditionalText("/consumer/Net.seg.yaml", InliningNet)], references: [producer.EmitReference()]);

        AssertInliningNetBuilds(harness);
    }

    private static void AssertInliningNetBuilds(GeneratorHarness harness)
    {
        Assert.Empty(harness.Run().Diagnostics);
        Assert.Empty(harness.CompileDiagnostics());
        using var models = GeneratedModels.Load(harness.Output!);
        using var model = models.Create("Tests.Net");
        Assert.Equal(["stem.0.weight", "stem.0.bias", "deep.0.weight", "deep.0.bias", "extra.weight", "extra.bias", "head.0.weight", "head.0.bias", "skip.weight", "skip.bias"],
            model.state_dict().Keys);
        using var image = torch.randn(1, 3, 9, 11);
        using var output = model.forward(image);
        Assert.Equal([1L, 2, 9, 11], output.shape);
    }

    [Fact]
    public void ModelOfAReferencedAssemblyIsCheckedThroughFromItsMetadata()
    {
        const string consumer = """
            model: Segmenter
            inputs:
              image: [N, 3, H, W]
            layers:
              backbone: use(TinyResNet, width=8)
              skip: {from: backbone.layer1, ops: conv(16, 1)}
              fused: {from: backbone, ops: add(skip)}
            """;
        var producer = new GeneratorHarness(new[] { "Bottleneck", "TinyResNet" }.Select(GeneratorHarness.ModelFile), assemblyName: "Producer");
        producer.Run();
        var harness = new GeneratorHarness([new InMemoryAdditionalText("/consumer/Segmenter.seg.yaml", consumer)], references: [producer.EmitReference()]);

        var diagnostic = Assert.Single(harness.Run().Diagnostics);

        // layer2 of the referenced TinyResNet gives 4·2·width = 64 channels, not skip's 16.
        Assert.Equal("Segmenter.seg.yaml(7,32): error SEG0009: 'fused' adds 'backbone.layer2.1.residual' [N, 64, ⌊(H+7)/8⌋, ⌊(W+7)/8⌋] and 'skip' " +
            "[N, 16, ⌊(H+3)/4⌋, ⌊(W+3)/4⌋], whose channels differ (64 vs 16); map 'skip' to 64 channels first, e.g. with conv(64, 1)", DiagnosticText.Line(diagnostic));
    }

    [Fact]
    public void ModelOfAReferencedAssemblyIsBuiltIntoTheUsersOwnCode()
    {
        const string consumer = """
            model: Segmenter
            inputs:
              image: [N, 3, H, W]
            layers:
              backbone: use(Demo.TinyResNet, width=8)
              head: [conv(3, 1), upsample(like=image)]
            """;
        var producer = new GeneratorHarness(new[] { "Bottleneck", "TinyResNet" }.Select(GeneratorHarness.ModelFile), assemblyName: "Producer");
        producer.Run();
        var harness = new GeneratorHarness([new InMemoryAdditionalText("/consumer/Segmenter.seg.yaml", consumer)], references: [producer.EmitReference()]);

        Assert.Empty(harness.Run().Diagnostics);
        Assert.Empty(harness.CompileDiagnostics());
        using var models = GeneratedModels.Load(harness.Output!);
        using var segmenter = models.Create("Tests.Segmenter");
        Assert.Contains("backbone.layer2.1.conv3.weight", segmenter.state_dict().Keys);
    }

    /// <summary>A YAML model using the attribute-declared AsppHead (Models/AsppHead.cs) with 2 classes, and a conv after it.</summary>
    private const string UsesAsppHead = """
        model: UsesAsppHead
        inputs:
          image: [N, 3, H, W]
        layers:
          head: use(AsppHead, classes=2)
          refine: conv(2, 1)
        """;

    [Fact]
    public void YamlModelUsesAnAttributeDeclaredModelOfTheSameCompilation()
    {
        var harness = GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel("AsppHead")], new InMemoryAdditionalText("/models/UsesAsppHead.seg.yaml", UsesAsppHead));

        Assert.Empty(harness.Run().Diagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        Assert.Empty(harness.CompileDiagnostics());
        AssertUsesAsppHead(harness, "Tests.UsesAsppHead");
    }

    [Fact]
    public void AttributeDeclaredModelOfAReferencedAssemblyIsUsedFromItsMetadata()
    {
        var producer = new GeneratorHarness([], [GeneratorHarness.CSharpModel("AsppHead").Source], assemblyName: "Producer");
        producer.Run();
        var harness = new GeneratorHarness([new InMemoryAdditionalText("/consumer/UsesAsppHead.seg.yaml", UsesAsppHead)], rootNamespace: "Consumer",
            references: [producer.EmitReference()]);

        Assert.Empty(harness.Run().Diagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        Assert.Empty(harness.CompileDiagnostics());
        AssertUsesAsppHead(harness, "Consumer.UsesAsppHead");
    }

    [Fact]
    public void AttributeDeclaredModelUsesAnotherWithUseAttribute()
    {
        var harness = UsesAsppHeadClass("\"classes=2\"");

        Assert.Empty(harness.Run().Diagnostics.Where(d => d.Severity > Microsoft.CodeAnalysis.DiagnosticSeverity.Info));
        Assert.Empty(harness.CompileDiagnostics());
        AssertUsesAsppHead(harness, "Tests.UsesAsppHead");
    }

    [Fact]
    public void UseAttributeOptionWithoutAValueIsAnErrorAtTheString()
    {
        var harness = UsesAsppHeadClass("\"classes\"");

        var diagnostic = Assert.Single(harness.Run().Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

        Assert.Equal("UsesAsppHead.cs(9,28): error SEG0004: 'classes' is not an option: write \"name=value\", e.g. \"stride=1\"", DiagnosticText.Line(diagnostic));
    }

    /// <summary>The class twin of <see cref="UsesAsppHead"/>, with AsppHead's class: <c>[Use(nameof(AsppHead), {options})]</c>, then a conv.</summary>
    private static GeneratorHarness UsesAsppHeadClass(string options) =>
        GeneratorHarness.ForCSharp([GeneratorHarness.CSharpModel("AsppHead"), ("UsesAsppHead.cs", $$"""
            using SegGen;
            using SegGen.Torch.Modules;
            using static SegGen.Torch.torch;
            namespace Tests;

            [Model, Input("image", "N", 3, "H", "W")]
            public partial class UsesAsppHead
            {
                [Use(nameof(AsppHead), {{options}})] public partial nn.Module? head { get; }
                [Conv(2, 1)] readonly Conv2d refine;
            }
            """)]);

    /// <summary>The used model's layers carry their member names under the use ('head.b1.0'), and its 2 classes reach 'refine'.</summary>
    private static void AssertUsesAsppHead(GeneratorHarness harness, string typeName)
    {
        using var models = GeneratedModels.Load(harness.Output!);
        using var net = models.Create(typeName);
        var parameters = net.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        Assert.Equal([8L, 16, 3, 3], parameters["head.b1.0.weight"]);
        Assert.Equal([2L, 2, 1, 1], parameters["refine.weight"]);
    }

    [Fact]
    public void DilatedStageComputesWhatTorchvisionsReplaceStrideWithDilationDoes() =>
        AssertMatchesTorchvision(Models, "use(TinyResNet, replace_stride_with_dilation=[true])",
            "torchvision.models.resnet.ResNet(torchvision.models.resnet.Bottleneck, [2, 2, 2, 2], replace_stride_with_dilation=[True, False, False])", 2);

    [Fact]
    public void ResNet50DeclaredAsTheDocsShowIsTorchvisionsDilatedResNet50() =>
        AssertMatchesTorchvision(["Bottleneck", "ResNet50"], "use(ResNet50, replace_stride_with_dilation=[false, true, true])",
            "torchvision.models.resnet50(replace_stride_with_dilation=[False, True, True])", 4);

    /// <summary>
    /// Builds a model whose 'backbone' is <paramref name="use"/> (a ResNet of <paramref name="models"/>) with outputs layer1…layerN, and
    /// the torchvision <paramref name="torchvision"/> cut after its layer <paramref name="stages"/>, with batch norms of non-trivial
    /// statistics. Then the state dicts must have the same names and shapes in the same order, and with torchvision's weights loaded by
    /// name, every output must match torchvision's at an odd input size.
    /// </summary>
    private static void AssertMatchesTorchvision(IEnumerable<string> models, string use, string torchvision, int stages)
    {
        var yaml = $"model: Dilated\nnamespace: Demo\ninputs:\n  image: [N, 3, H, W]\nlayers:\n  backbone: {use}\noutputs:\n" +
            string.Concat(Enumerable.Range(1, stages).Select(i => $"  layer{i}: backbone.layer{i}\n"));
        var harness = new GeneratorHarness(models.Select(GeneratorHarness.ModelFile).Append(new InMemoryAdditionalText("/models/Dilated.seg.yaml", yaml)));
        harness.Run();
        using var generated = GeneratedModels.Load(harness.Output!);
        using var net = generated.CreateAny("Demo.Dilated");
        var directory = System.IO.Directory.CreateTempSubdirectory("seggen-composition-");
        try
        {
            var reference = System.IO.Path.Combine(directory.FullName, "reference.pt");
            var layers = string.Join(", ", Enumerable.Range(1, stages).Select(i => $"'layer{i}'"));
            Python($$"""
                import torch, torchvision
                torch.manual_seed(0)
                m = {{torchvision}}.eval()
                for b in m.modules():
                    if isinstance(b, torch.nn.BatchNorm2d):
                        b.running_mean.uniform_(-0.5, 0.5); b.running_var.uniform_(0.5, 1.5)
                        b.weight.data.uniform_(0.5, 1.5); b.bias.data.uniform_(-0.5, 0.5)
                x = torch.randn(1, 3, 45, 61)
                outputs = {}
                with torch.no_grad():
                    y = m.maxpool(m.relu(m.bn1(m.conv1(x))))
                    for name in [{{layers}}]:
                        y = outputs[name] = getattr(m, name)(y)
                state = {'backbone.' + k: v for k, v in m.state_dict().items() if k.split('.')[0] in ['conv1', 'bn1', {{layers}}]}
                torch.save(dict(state, x=x, **outputs), '{{reference}}')
                """);
            var saved = torch.load(reference);
            var theirs = saved.Where(p => p.Key.StartsWith("backbone.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(theirs.Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"), net.state_dict().Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"));
            net.load_state_dict(theirs);

            using var outputs = (IDisposable)net.GetType().GetMethod("forward")!.Invoke(net, [saved["x"]])!;

            for (var stage = 1; stage <= stages; stage++)
            {
                var (ours, expected) = ((torch.Tensor)outputs.GetType().GetProperty($"layer{stage}")!.GetValue(outputs)!, saved[$"layer{stage}"]);
                Assert.Equal(expected.shape, ours.shape);
                using var difference = ours.sub(expected).abs().max();
                using var scale = expected.abs().max();
                Assert.True(difference.item<float>() <= 1e-4f * (1 + scale.item<float>()), $"layer{stage}: max abs difference {difference.item<float>()} at scale {scale.item<float>()}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void UsedModelWithTwoInputsTakesItsSecondFromTheLayerNamedAfterTheModel()
    {
        const string fuse = """
            model: Fuse
            inputs:
              rgb: [N, 8, H, W]
              depth: [N, 1, H, W]
            layers:
              geometry: {from: depth, ops: conv(8, 3, pad=1)}
              both: {from: rgb, ops: concat(geometry)}
            """;
        const string net = """
            model: Net
            inputs:
              image: [N, 3, H, W]
            layers:
              colour: conv(8, 3, pad=1)
              grey: {from: image, ops: conv(1, 1)}
              fused: {from: colour, ops: use(Fuse, grey)}
            """;

        var harness = GeneratorHarness.ForYaml(("Fuse.seg.yaml", fuse), ("Net.seg.yaml", net));
        var result = harness.Run();

        Assert.Empty(result.Diagnostics);
        Assert.Empty(harness.CompileDiagnostics());
        var shapes = CheckFirst(net, fuse);
        Assert.Equal("[N, 16, H, W]", shapes.Shapes!.Of(shapes.Model!.Outputs[0].OpId).Text);
    }

    /// <summary>The test models and the zoo's (Zoo/…: its optional heads' outputs say 'when').</summary>
    public static TheoryData<string> AllModels() =>
        new(System.IO.Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Models"), "*.seg.yaml", System.IO.SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(System.IO.Path.Combine(AppContext.BaseDirectory, "Models"), f).Replace(".seg.yaml", "")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(AllModels))]
    public void DeclarationWrittenForReferencingAssembliesReadsBackAsTheSameModel(string model)
    {
        var file = GeneratorHarness.ModelFile(model);
        var spec = ModelPipeline.Parse(file.Path, file.GetText(), default).Model!;
        var written = Generator.Composition.DeclarationWriter.Write(spec, "Demo");

        var reread = ModelPipeline.Parse("Producer:" + model, Microsoft.CodeAnalysis.Text.SourceText.From(written), default);

        Assert.Empty(reread.Diagnostics);
        Assert.Equal(written, Generator.Composition.DeclarationWriter.Write(reread.Model!, "Demo"));
    }

    private static CheckResult Check(string model) => Check(Models.Select(GeneratorHarness.ModelFile).ToList(), model);

    /// <summary>Checks the first of <paramref name="yaml"/> texts, with the others as the models it may use.</summary>
    private static CheckResult CheckFirst(params string[] yaml) =>
        Check(yaml.Select((text, i) => (Microsoft.CodeAnalysis.AdditionalText)new InMemoryAdditionalText($"/models/{i}.seg.yaml", text)).ToList(), null);

    private static CheckResult Check(System.Collections.Generic.List<Microsoft.CodeAnalysis.AdditionalText> files, string? model)
    {
        var parsed = files.Select(f => ModelPipeline.Parse(f.Path, f.GetText(), default)).ToList();
        var library = Generator.Composition.ModelLibrary.Of(parsed.Select(p => p.Model), []);
        var result = ModelPipeline.Check(ModelPipeline.Resolve(model is null ? parsed[0] : parsed.Single(p => p.Model!.Name == model), library), default);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics.Select(d => d.Format())));
        return result;
    }

    /// <summary>The lines Debian's python3 (torch 1.13.1, torchvision 0.14.1) prints for <paramref name="script"/>.</summary>
    private static string[] Python(string script)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
