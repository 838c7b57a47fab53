using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Serialization;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Serialization;

public sealed class SafetensorsTests : FileTests
{
    [Fact]
    public void EveryDtypeRoundTripsBitExactlyInOrder()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["float32"] = randn(2, 3),
            ["float64"] = randn([4], ScalarType.Float64),
            ["float16"] = randn(3, 1).to(ScalarType.Float16),
            ["bfloat16"] = randn(5).to(ScalarType.BFloat16),
            ["int64"] = tensor(new[] { long.MinValue, -1, 0, long.MaxValue }),
            ["int32"] = tensor(new[] { int.MinValue, 0, int.MaxValue }, [3, 1]),
            ["int16"] = tensor(new short[] { short.MinValue, short.MaxValue }),
            ["int8"] = tensor(new sbyte[] { sbyte.MinValue, sbyte.MaxValue }),
            ["uint8"] = tensor(new byte[] { 0, 128, 255 }),
            ["bool"] = tensor(new[] { true, false, true, true }, [2, 2]),
            ["scalar"] = tensor(2.5f),
            ["empty"] = zeros([0, 3]),
            ["transposed"] = randn(3, 4).transpose(0, 1),
        };
        var path = Temporary.File("all.safetensors");
        Safetensors.Save(path, tensors);

        var loaded = Safetensors.Load(path);
        Assert.Equal(tensors.Keys, loaded.Keys);
        foreach (var (name, original) in tensors) TensorAssert.Equal(original, loaded[name], name);
        Assert.Equal(tensors["int64"].ToArray<long>(), loaded["int64"].ToArray<long>());
    }

    [Fact]
    public void TensorsLargerThanTheWriteChunkRoundTripAndLoadInPyTorch()
    {
        using var scope = NewDisposeScope();
        // Built as reference/safetensors_check.py builds them; the first three span several write chunks.
        var tensors = new Dictionary<string, Tensor>
        {
            ["float32"] = arange(1_500_000, ScalarType.Float32).reshape(1500, 1000),
            ["transposed"] = arange(1_200_000, ScalarType.Float64).reshape(1000, 1200).transpose(0, 1),
            // One element past Save's 4 MiB write chunk.
            ["int8"] = (arange(4 * 1024 * 1024 + 1).remainder(256) - 128).to(ScalarType.Int8),
            ["scalar"] = tensor(2.5f),
        };
        var path = Temporary.File("large.safetensors");
        Safetensors.Save(path, tensors);

        var loaded = Safetensors.Load(path);
        foreach (var (name, original) in tensors) TensorAssert.Equal(original, loaded[name], name);
        Assert.Equal("ok", PyTorchReference.Run("safetensors_check.py", path).Trim());
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var scope = NewDisposeScope();
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["épochs"] = "12", ["empty"] = "" };
        var path = Temporary.File("meta.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = ones(2) }, metadata);

        Safetensors.Load(path, out var loaded);
        Assert.Equal(metadata, loaded);
    }

    [Fact]
    public void FileTooShortForAHeaderIsInvalidData()
    {
        var path = Temporary.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        AssertInvalid(path, "too short for a safetensors header");
    }

    [Fact]
    public void TruncatedDataIsInvalidData()
    {
        using var scope = NewDisposeScope();
        var path = Temporary.File("truncated.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = ones(8) });
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^4]);
        AssertInvalid(path, "tensor 'w': bytes [0, 32) lie outside the 28-byte data section");
    }

    [Fact]
    public void HeaderLongerThanTheFileIsInvalidData()
    {
        var path = WriteRaw("{}", [], headerLength: 1000);
        AssertInvalid(path, "header length 1000 exceeds the file");
    }

    [Fact]
    public void HeaderThatIsNotJsonIsInvalidData()
    {
        AssertInvalid(WriteRaw("{\"w\": [", []), "header is not valid JSON");
    }

    [Fact]
    public void OffsetsOutsideTheDataAreInvalidData()
    {
        var path = WriteRaw("""{"w": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}""", new byte[8]);
        AssertInvalid(path, "tensor 'w': bytes [4, 12) lie outside the 8-byte data section");
    }

    [Fact]
    public void MetadataThatIsNotStringsIsInvalidData()
    {
        AssertInvalid(WriteRaw("""{"__metadata__": {"epoch": 3}}""", []), "__metadata__ must map names to strings");
    }

    [Fact]
    public void FailedSaveLeavesThePreviousFileIntactAndNoTemporaryFile()
    {
        using var scope = NewDisposeScope();
        var path = Temporary.File("model.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = ones(4) });
        var before = File.ReadAllBytes(path);

        var disposed = zeros(3);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = full([4], 7.0f), ["broken"] = disposed }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Temporary.FullName));
    }

    [Fact]
    public void ANameGivenTwiceIsRefusedBeforeAnythingIsWritten()
    {
        using var scope = NewDisposeScope();
        var path = Temporary.File("twice.safetensors");
        KeyValuePair<string, Tensor>[] entries = [new("w", ones(2)), new("w", zeros(3))];

        var error = Assert.Throws<ArgumentException>(() => Safetensors.Save(path, entries));

        Assert.StartsWith("'w' is given twice", error.Message);
        Assert.Empty(Directory.GetFiles(Temporary.FullName));
    }

    private static void AssertInvalid(string path, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    /// <summary>A file of the safetensors layout with the given header text; the length prefix is the header's own unless told.</summary>
    private string WriteRaw(string header, byte[] data, ulong? headerLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, headerLength ?? (ulong)json.Length);
        var path = Temporary.File("raw.safetensors");
        File.WriteAllBytes(path, [.. prefix, .. json, .. data]);
        return path;
    }
}
