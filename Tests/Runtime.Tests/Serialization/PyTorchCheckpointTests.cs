using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SegGen.Runtime.Tests.Support;
using SegGen.Torch;
using SegGen.Torch.Modules;
using SegGen.Torch.Serialization;
using Xunit;
using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Serialization;

/// <summary>Checkpoints written by PyTorch's torch.save (reference/checkpoint.py), read by <see cref="PyTorchCheckpoint"/>.</summary>
public sealed class PyTorchCheckpointTests : FileTests
{
    internal static string Reference(string file) => Path.Combine(PyTorchReference.OutputDirectory("checkpoint.py"), file);

    /// <summary>The Sequential of checkpoint.py, built in SegGen.</summary>
    internal static Sequential ReferenceModel() =>
        nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 4, 1));

    [Fact]
    public void StateDictSavedByPyTorchLoadsIntoTheSameSequentialAndReproducesItsEvalOutput()
    {
        using var scope = NewDisposeScope();
        using var model = ReferenceModel();
        var report = model.load_state_dict(Reference("model.pt"));
        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(3, ((BatchNorm2d)model[1]).num_batches_tracked!.item<long>());

        model.eval();
        var expected = Safetensors.Load(Reference("expected.safetensors"));
        using var _ = no_grad();
        TensorAssert.Close(expected["output"], model.forward(expected["input"]), atol: 1e-5, rtol: 0, what: "eval output");
    }

    [Fact]
    public void StateDictKeysComeInPyTorchsOrderWithPyTorchsDtypes()
    {
        using var scope = NewDisposeScope();
        using var model = ReferenceModel();
        var loaded = PyTorchCheckpoint.Load(Reference("model.pt"));
        Assert.Equal(model.state_dict().Keys, loaded.Keys);
        Assert.All(loaded, entry => Assert.Equal(model.state_dict()[entry.Key].dtype, entry.Value.dtype));
    }

    [Theory]
    [InlineData("protocol4.pt")]
    [InlineData("keep_vars.pt")]
    public void OtherWaysPyTorchPicklesAStateDictLoadTheSameTensors(string file)
    {
        using var scope = NewDisposeScope();
        var expected = PyTorchCheckpoint.Load(Reference("model.pt"));
        var loaded = PyTorchCheckpoint.Load(Reference(file));
        Assert.Equal(expected.Keys, loaded.Keys);
        foreach (var (name, tensor) in loaded) TensorAssert.Equal(expected[name], tensor, name);
    }

    [Fact]
    public void ParametersSavedWithKeepVarsStillRequireGradients()
    {
        using var scope = NewDisposeScope();
        var loaded = PyTorchCheckpoint.Load(Reference("keep_vars.pt"));
        Assert.True(loaded["0.weight"].requires_grad);
        Assert.False(loaded["1.running_mean"].requires_grad);
    }

    [Fact]
    public void EveryDtypeLoadsWithPyTorchsValues()
    {
        using var scope = NewDisposeScope();
        var loaded = PyTorchCheckpoint.Load(Reference("tensors.pt"));
        var expected = Safetensors.Load(Reference("expected.safetensors"));
        Assert.Equal(expected.Keys.Where(k => k.StartsWith("tensors.", StringComparison.Ordinal)).Select(k => k["tensors.".Length..]), loaded.Keys);
        foreach (var (name, tensor) in loaded) TensorAssert.Equal(expected["tensors." + name], tensor, name);
        // Beyond what a float64 comparison can tell apart.
        Assert.Equal(expected["tensors.int64"].ToArray<long>(), loaded["int64"].ToArray<long>());
    }

    [Fact]
    public void TensorsThatSharedAStorageInPyTorchStillShareIt()
    {
        using var scope = NewDisposeScope();
        var loaded = PyTorchCheckpoint.Load(Reference("tensors.pt"));
        var expected = Safetensors.Load(Reference("expected.safetensors"));
        var (whole, tail) = (loaded["shared"], loaded["shared.tail"]);
        TensorAssert.Equal(expected["tensors.shared.tail"], tail);

        whole.add_(100);
        TensorAssert.Equal(expected["tensors.shared.tail"] + 100, tail, "tail after writing to the whole");
    }

    [Fact]
    public void NonContiguousTensorKeepsPyTorchsStridesAndValues()
    {
        using var scope = NewDisposeScope();
        var transposed = PyTorchCheckpoint.Load(Reference("tensors.pt"))["transposed"];
        Assert.False(transposed.is_contiguous());
        Assert.Equal([5L, 3L], transposed.shape);
        Assert.Equal([1L, 5L], transposed.stride());
        TensorAssert.Equal(Safetensors.Load(Reference("expected.safetensors"))["tensors.transposed"], transposed);
    }

    [Fact]
    public void AGlobalOutsideTheAllowListIsRefusedByNameAndNothingRuns()
    {
        // os.system lives in the posix module on Linux, and pickle names it so.
        AssertInvalid(Reference("malicious.pt"), "refusing to load global 'posix.system'");
        Assert.False(File.Exists(Reference("pwned")), "the pickled os.system call ran");
    }

    [Fact]
    public void APickleOpcodeAStateDictDoesNotNeedIsRefusedByName()
    {
        var path = WriteCheckpoint(new PickleBuilder().Op('(').Op('i').ToArray());
        AssertInvalid(path, "refusing pickle opcode INST");
    }

    [Fact]
    public void AViewReachingPastItsStorageIsInvalidData()
    {
        // {'w': _rebuild_tensor_v2(<2-float storage>, offset 1, size (4,), stride (1,), False, {})}
        var pickle = new PickleBuilder().Op('}').Op('(').Str("w").Global("torch._utils", "_rebuild_tensor_v2")
            .Op('(').FloatStorage("0", 2).Int(1).Op('(').Int(4).Op('t').Op('(').Int(1).Op('t').False().Op('}').Op('t').Op('R')
            .Op('u').ToArray();
        var path = WriteCheckpoint(pickle, ("checkpoint/data/0", new byte[8]));
        AssertInvalid(path, "reaches past storage '0' of 2 elements");
    }

    [Fact]
    public void AValueThatIsNotATensorIsInvalidData()
    {
        var path = WriteCheckpoint(new PickleBuilder().Op('}').Str("epoch").Int(3).Op('s').ToArray());
        AssertInvalid(path, "'epoch' has type int, not Tensor");
    }

    [Fact]
    public void LegacyFormatIsRejectedWithAdviceToResaveInTheZipFormat()
    {
        AssertInvalid(Reference("legacy.pt"), "legacy torch.save format");
        AssertInvalid(Reference("legacy.pt"), "re-save it with PyTorch ≥ 1.6's default zip format");
    }

    [Fact]
    public void BigEndianCheckpointIsRejected()
    {
        var path = RewriteModel(records => records.Add(("model/byteorder", "big"u8.ToArray())));
        AssertInvalid(path, "byte order 'big'");
    }

    [Theory]
    [InlineData(0, "not a PyTorch checkpoint")]
    [InlineData(2, "not a PyTorch checkpoint")]
    [InlineData(100, "not a readable zip archive")]
    [InlineData(-2000, "not a readable zip archive")]
    [InlineData(-1, "not a readable zip archive")]
    public void TruncatedCheckpointIsInvalidDataNamingThePath(int keep, string problem)
    {
        var bytes = File.ReadAllBytes(Reference("model.pt"));
        var path = Temporary.File("truncated.pt");
        // A negative count keeps all but that many bytes.
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        AssertInvalid(path, problem);
    }

    [Fact]
    public void CorruptZipIsInvalidDataNamingThePath()
    {
        var bytes = File.ReadAllBytes(Reference("model.pt"));
        // Garbage over the central directory at the end of the archive.
        Array.Fill(bytes, (byte)0x5A, bytes.Length - 200, 150);
        var path = Temporary.File("corrupt.pt");
        File.WriteAllBytes(path, bytes);
        AssertInvalid(path, "not a readable zip archive");
    }

    [Fact]
    public void CorruptStorageBytesFailTheRecordsChecksum()
    {
        var bytes = File.ReadAllBytes(Reference("model.pt"));
        var storage = CheckpointArchive.ReadRecords(Reference("model.pt")).Single(r => r.Name == "model/data/0").Data;
        bytes[bytes.AsSpan().IndexOf(storage.AsSpan(0, 16)) + 5] ^= 0xFF;
        var path = Temporary.File("flipped.pt");
        File.WriteAllBytes(path, bytes);
        AssertInvalid(path, "record 'model/data/0' fails its CRC-32 check");
    }

    [Fact]
    public void MissingStorageRecordIsInvalidDataNamingTheRecord()
    {
        var path = RewriteModel(records => records.RemoveAll(r => r.Name == "model/data/0"));
        AssertInvalid(path, "record 'model/data/0' is missing");
    }

    [Fact]
    public void StorageWhoseSizeDisagreesWithItsElementCountIsInvalidData()
    {
        var path = RewriteModel(records =>
        {
            var index = records.FindIndex(r => r.Name == "model/data/0");
            records[index] = (records[index].Name, records[index].Data[..^4]);
        });
        AssertInvalid(path, "record 'data/0' holds 860 bytes, but a torch.FloatStorage of 216 elements needs 864");
    }

    /// <summary>Loading <paramref name="path"/> fails with an <see cref="InvalidDataException"/> whose message starts with the path and tells <paramref name="problem"/>.</summary>
    private static void AssertInvalid(string path, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => PyTorchCheckpoint.Load(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    private string RewriteModel(Action<List<(string Name, byte[] Data)>> change)
    {
        var records = CheckpointArchive.ReadRecords(Reference("model.pt"));
        change(records);
        var path = Temporary.File("rewritten.pt");
        CheckpointArchive.Write(path, records);
        return path;
    }

    private string WriteCheckpoint(byte[] pickle, params (string Name, byte[] Data)[] storages)
    {
        var path = Temporary.File("crafted.pt");
        CheckpointArchive.Write(path, [("checkpoint/data.pkl", pickle), .. storages, ("checkpoint/version", "3\n"u8.ToArray())]);
        return path;
    }
}
