using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Serialization;

/// <summary>
/// Reads state dicts that PyTorch saved with <c>torch.save(model.state_dict(), f)</c> in its default zip
/// format (PyTorch ≥ 1.6). The pickle inside is read by a restricted unpickler that knows only the few
/// types a state dict holds: like <c>torch.load(f, weights_only=True)</c>, loading never runs code.
/// </summary>
public static class PyTorchCheckpoint
{
    /// <summary>
    /// The tensors of a state-dict checkpoint by name, in file order, on the CPU, with PyTorch's dtypes,
    /// strides and storage sharing (tensors that viewed one storage still do).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is truncated, corrupt, in the legacy or a big-endian format, not a plain state dict, or names
    /// a global or pickle opcode a state dict does not need; the message starts with the path.
    /// </exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var file = File.OpenRead(path);
        try
        {
            RequireZip(file);
            using var archive = TorchArchive.Open(file);
            RequireLittleEndian(archive);
            return ReadStateDict(archive);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The zip format opens with a local file header; the legacy format is a bare pickle stream.</summary>
    private static void RequireZip(FileStream file)
    {
        Span<byte> start = stackalloc byte[4];
        var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == start.Length && start.SequenceEqual("PK\x03\x04"u8)) return;
        throw new InvalidDataException(read > 0 && start[0] == (byte)PickleOpcode.PROTO
            ? "legacy torch.save format (PyTorch < 1.6 or _use_new_zipfile_serialization=False) is not supported: " +
              "re-save it with PyTorch ≥ 1.6's default zip format, e.g. torch.save(torch.load(f), f)"
            : "not a PyTorch checkpoint: torch.save (PyTorch ≥ 1.6) writes a zip archive");
    }

    /// <summary>PyTorch ≥ 2.1 records the writer's byte order; earlier versions wrote little-endian data without saying so.</summary>
    private static void RequireLittleEndian(TorchArchive archive)
    {
        const string record = "byteorder";
        if (!archive.HasRecord(record)) return;
        var order = Encoding.ASCII.GetString(archive.ReadRecord(record));
        if (order != "little")
        {
            throw new InvalidDataException($"byte order '{order}': only little-endian checkpoints can be read; re-save it on a little-endian machine");
        }
    }

    private static Dictionary<string, Tensor> ReadStateDict(TorchArchive archive)
    {
        // Storages and the tensors of a failed load die with this scope; the state dict's tensors move out.
        using var scope = NewDisposeScope();
        var storages = new TorchStorages(archive);
        var root = new RestrictedUnpickler(archive.ReadRecord("data.pkl"), StateDictGlobals.Find, storages.Load).Load();
        var state = ToStateDict(root);
        foreach (var tensor in state.Values) tensor.MoveToOuterDisposeScope();
        return state;
    }

    private static Dictionary<string, Tensor> ToStateDict(object? root)
    {
        if (root is not OrderedDictionary<object, object?> dict)
        {
            throw new InvalidDataException($"data.pkl holds a value of type {RestrictedUnpickler.TypeName(root)}, not a state dict (torch.save(model.state_dict(), f))");
        }
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var taken = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var (key, value) in dict)
        {
            if (key is not string name) throw new InvalidDataException($"a state dict key has type {RestrictedUnpickler.TypeName(key)}, not str");
            if (value is not Tensor tensor)
            {
                throw new InvalidDataException($"'{name}' has type {RestrictedUnpickler.TypeName(value)}, not Tensor: only a plain state dict (torch.save(model.state_dict(), f)) can be loaded");
            }
            // torch.save writes a tensor stored under two names once; each name gets its own handle so disposing one keeps the other.
            state.Add(name, taken.Add(tensor) ? tensor : tensor.alias());
        }
        return state;
    }
}
