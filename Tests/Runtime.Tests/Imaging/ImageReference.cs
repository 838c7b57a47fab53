using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Imaging;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch.Serialization;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Imaging;

/// <summary>The images reference/images.py writes with PIL, and what torchvision and PIL decode from them.</summary>
internal static class ImageReference
{
    private const string Script = "images.py";

    private static readonly Lazy<Dictionary<string, Tensor>> Decoded = new(() =>
    {
        var tensors = Safetensors.Load(File("expected.safetensors"));
        // Shared by every test of the run: no test's dispose scope may take them.
        foreach (var tensor in tensors.Values) tensor.DetachFromDisposeScope();
        return tensors;
    });

    /// <summary>The path of a file the script wrote; tests must not change it.</summary>
    public static string File(string name) => Path.Combine(PyTorchReference.OutputDirectory(Script), name);

    /// <summary>torchvision.io's decode of <paramref name="file"/> in <paramref name="mode"/>.</summary>
    public static Tensor Expected(string file, ImageReadMode mode) => Expected($"{file}/{mode.ToString().ToLowerInvariant()}");

    /// <summary>A tensor of expected.safetensors by name (see images.py).</summary>
    public static Tensor Expected(string name) => Decoded.Value[name];

    /// <summary>
    /// PIL's reading of <paramref name="files"/>: per file name its pixels ([H, W, C] or [H, W]), its
    /// palette ("NAME/palette", [N, 3]) if it has one, and PIL's mode.
    /// </summary>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Modes) ReadWithPil(
        string output, params string[] files)
    {
        PyTorchReference.Run(Script, ["--pil", output, .. files]);
        var tensors = Safetensors.Load(output, out var modes);
        return (tensors, modes);
    }

    public static readonly ImageReadMode[] Modes = Enum.GetValues<ImageReadMode>();

    /// <summary>Every pair of <paramref name="files"/> and read mode.</summary>
    public static TheoryData<string, ImageReadMode> WithEveryMode(params string[] files)
    {
        var data = new TheoryData<string, ImageReadMode>();
        foreach (var (file, mode) in files.SelectMany(f => Modes.Select(m => (f, m)))) data.Add(file, mode);
        return data;
    }
}
