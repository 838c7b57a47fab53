using System;
using System.Collections.Generic;
using System.IO;
using SegGen.Torch.Serialization;

namespace SegGen.Torch;

// Reading state-dict files.
public static partial class torch
{
    /// <summary>
    /// The tensors of a state-dict file by name, in file order, on the CPU: a safetensors file or a PyTorch (≥ 1.6)
    /// torch.save checkpoint, told apart by content rather than by extension. Like <c>torch.load(f, weights_only=True)</c>,
    /// it never runs code. The caller owns the tensors (or the current <see cref="DisposeScope"/> does).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or neither format; the message starts with the path.</exception>
    public static Dictionary<string, Tensor> load(string path) => IsSafetensors(path) ? Safetensors.Load(path) : PyTorchCheckpoint.Load(path);

    /// <summary>A safetensors file has its JSON header's '{' right after the 8-byte header length; a zip archive or a pickle never does.</summary>
    private static bool IsSafetensors(string path)
    {
        Span<byte> start = stackalloc byte[9];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start[^1] == (byte)'{';
    }
}
