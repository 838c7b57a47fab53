using System;
using System.Collections.Generic;
using System.IO;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Serialization;

/// <summary>One of PyTorch's typed storage classes named by a pickle, e.g. <c>torch.FloatStorage</c>.</summary>
internal sealed record StorageType(string Name, ScalarType Dtype);

/// <summary>A storage of a checkpoint: its elements as a flat CPU tensor, which the tensors of the checkpoint view.</summary>
internal sealed record TorchStorage(string Key, Tensor Elements);

/// <summary>
/// Answers a checkpoint pickle's persistent ids, <c>('storage', type, key, location, numel)</c>, with the
/// archive's <c>data/&lt;key&gt;</c> records. Each storage is read once, so tensors that viewed one storage in
/// PyTorch view one here too. Storages load onto the CPU whatever their location (PyTorch's <c>map_location='cpu'</c>).
/// The storage tensors belong to the caller's dispose scope.
/// </summary>
internal sealed class TorchStorages(TorchArchive archive)
{
    private readonly Dictionary<string, TorchStorage> loaded = new(StringComparer.Ordinal);

    public object Load(object? persistentId)
    {
        if (persistentId is not object?[] { Length: 5 } id || id[0] is not "storage" ||
            id[1] is not StorageType type || id[2] is not string key || id[4] is not long numel)
        {
            throw new InvalidDataException("unsupported persistent id: a state dict's are ('storage', storage type, key, location, numel)");
        }
        if (loaded.TryGetValue(key, out var storage))
        {
            if (storage.Elements.dtype != type.Dtype)
            {
                throw new InvalidDataException($"storage '{key}' is read both as {storage.Elements.dtype} and as {type.Dtype}");
            }
            return storage;
        }
        storage = new TorchStorage(key, Read(key, type, numel));
        loaded.Add(key, storage);
        return storage;
    }

    private Tensor Read(string key, StorageType type, long numel)
    {
        var record = $"data/{key}";
        var length = archive.RecordLength(record);
        // Int128: a corrupt numel must not overflow into a match.
        var expected = (Int128)numel * Safetensors.ElementSize(type.Dtype);
        if (numel < 0 || length != expected)
        {
            throw new InvalidDataException($"record '{record}' holds {length} bytes, but a {type.Name} of {numel} elements needs {expected}");
        }
        return FromBytes(archive.ReadRecord(record), type.Dtype, [numel]);
    }
}
