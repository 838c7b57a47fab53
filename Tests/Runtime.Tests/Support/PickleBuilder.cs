using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace SegGen.Runtime.Tests.Support;

/// <summary>Assembles a protocol-2 pickle opcode by opcode, for pickles PyTorch would never write.</summary>
public sealed class PickleBuilder
{
    private readonly List<byte> bytes = [0x80, 2];

    /// <summary>A one-byte opcode without operands, e.g. '}' EMPTY_DICT, '(' MARK, 't' TUPLE, 'R' REDUCE, 'u' SETITEMS.</summary>
    public PickleBuilder Op(char opcode)
    {
        bytes.Add(checked((byte)opcode));
        return this;
    }

    /// <summary>BINUNICODE.</summary>
    public PickleBuilder Str(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Op('X').Raw(length).Raw(utf8);
    }

    /// <summary>BININT1.</summary>
    public PickleBuilder Int(byte value) => Op('K').Raw([value]);

    /// <summary>NEWFALSE.</summary>
    public PickleBuilder False() => Op('\u0089');

    /// <summary>GLOBAL.</summary>
    public PickleBuilder Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    /// <summary>torch.save's persistent id of a float storage: BINPERSID of ('storage', torch.FloatStorage, key, 'cpu', numel).</summary>
    public PickleBuilder FloatStorage(string key, byte numel) =>
        Op('(').Str("storage").Global("torch", "FloatStorage").Str(key).Str("cpu").Int(numel).Op('t').Op('Q');

    /// <summary>The pickle, ended by STOP.</summary>
    public byte[] ToArray() => [.. bytes, (byte)'.'];

    private PickleBuilder Raw(ReadOnlySpan<byte> data)
    {
        bytes.AddRange(data);
        return this;
    }
}
