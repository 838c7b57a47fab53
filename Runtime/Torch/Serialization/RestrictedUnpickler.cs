using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SegGen.Torch.Serialization;

/// <summary>A function of the caller's allow-list that a pickle may apply to a tuple of arguments (REDUCE).</summary>
internal delegate object PickleFunction(object?[] arguments);

/// <summary>
/// A pickle reader for plain data. It builds None, bool, int (<see cref="long"/>), float (<see cref="double"/>),
/// str, tuples (<c>object?[]</c>), lists (<see cref="List{T}"/>) and dicts (<see cref="OrderedDictionary{TKey, TValue}"/>,
/// insertion order kept as in Python), and hands every global and persistent id to its caller. It can neither
/// import nor call anything of its own, so a hostile pickle can only be refused, never run.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int HighestProtocol = 5;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] data;
    private readonly Func<string, string, object> findGlobal;
    private readonly Func<object?, object> persistentLoad;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    /// <param name="data">The pickle.</param>
    /// <param name="findGlobal">Resolves <c>module, name</c> to a <see cref="PickleFunction"/> or a marker value, or throws <see cref="InvalidDataException"/> to refuse it.</param>
    /// <param name="persistentLoad">Resolves a persistent id (BINPERSID), or throws <see cref="InvalidDataException"/>.</param>
    public RestrictedUnpickler(byte[] data, Func<string, string, object> findGlobal, Func<object?, object> persistentLoad)
    {
        this.data = data;
        this.findGlobal = findGlobal;
        this.persistentLoad = persistentLoad;
    }

    /// <summary>Runs the pickle up to its STOP and returns the value it built.</summary>
    /// <exception cref="InvalidDataException">A refused opcode or global, or a corrupt pickle; the message gives the opcode's byte offset.</exception>
    public object? Load()
    {
        while (true)
        {
            var start = position;
            try
            {
                var opcode = (PickleOpcode)ReadByte();
                if (opcode == PickleOpcode.STOP) return Pop();
                Execute(opcode);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"pickle byte {start}: {e.Message}", e);
            }
        }
    }

    /// <summary>Python's name for the type of an unpickled value, for error messages.</summary>
    internal static string TypeName(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        object?[] => "tuple",
        List<object?> => "list",
        OrderedDictionary<object, object?> => "dict",
        PickleFunction => "function",
        _ => value.GetType().Name,
    };

    private void Execute(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.PROTO: CheckProtocol(ReadByte()); break;
            // A frame only groups the opcodes that follow for buffered reading; they are read as usual.
            case PickleOpcode.FRAME: Read(8); break;
            case PickleOpcode.MARK: marks.Push(stack.Count); break;
            case PickleOpcode.NONE: Push(null); break;
            case PickleOpcode.NEWTRUE: Push(true); break;
            case PickleOpcode.NEWFALSE: Push(false); break;
            case PickleOpcode.BININT: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break;
            case PickleOpcode.BININT1: Push((long)ReadByte()); break;
            case PickleOpcode.BININT2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break;
            case PickleOpcode.LONG1: Push(ReadLong(ReadByte())); break;
            case PickleOpcode.BINFLOAT: Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break;
            case PickleOpcode.SHORT_BINUNICODE: Push(ReadString(ReadByte())); break;
            case PickleOpcode.BINUNICODE: Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
            case PickleOpcode.BINUNICODE8: Push(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(Read(8)))); break;
            case PickleOpcode.EMPTY_TUPLE: Push(Array.Empty<object?>()); break;
            case PickleOpcode.TUPLE1: Push(PopMany(1)); break;
            case PickleOpcode.TUPLE2: Push(PopMany(2)); break;
            case PickleOpcode.TUPLE3: Push(PopMany(3)); break;
            case PickleOpcode.TUPLE: Push(PopToMark()); break;
            case PickleOpcode.EMPTY_LIST: Push(new List<object?>()); break;
            case PickleOpcode.APPEND: Append(opcode, PopMany(1)); break;
            case PickleOpcode.APPENDS: Append(opcode, PopToMark()); break;
            case PickleOpcode.EMPTY_DICT: Push(new OrderedDictionary<object, object?>()); break;
            case PickleOpcode.SETITEM: SetItems(opcode, PopMany(2)); break;
            case PickleOpcode.SETITEMS: SetItems(opcode, PopToMark()); break;
            case PickleOpcode.BINPUT: memo[ReadByte()] = Top(); break;
            case PickleOpcode.LONG_BINPUT: memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Top(); break;
            case PickleOpcode.MEMOIZE: memo[memo.Count] = Top(); break;
            case PickleOpcode.BINGET: Push(Recall(ReadByte())); break;
            case PickleOpcode.LONG_BINGET: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break;
            case PickleOpcode.GLOBAL: Push(findGlobal(ReadLine(), ReadLine())); break;
            case PickleOpcode.STACK_GLOBAL: StackGlobal(); break;
            case PickleOpcode.REDUCE: Reduce(); break;
            case PickleOpcode.BINPERSID: Push(persistentLoad(Pop())); break;
            case PickleOpcode.BUILD: Build(); break;
            default: throw Refused(opcode);
        }
    }

    private static InvalidDataException Refused(PickleOpcode opcode) => new(Enum.IsDefined(opcode)
        ? $"refusing pickle opcode {opcode}: a state dict does not need it"
        : $"unknown pickle opcode 0x{(byte)opcode:x2}: corrupt pickle");

    private static void CheckProtocol(byte version)
    {
        if (version > HighestProtocol) throw new InvalidDataException($"pickle protocol {version} is newer than the highest known ({HighestProtocol})");
    }

    // ---- containers and calls -------------------------------------------------------------------

    private void Append(PickleOpcode opcode, object?[] items) => Top<List<object?>>(opcode).AddRange(items);

    private void SetItems(PickleOpcode opcode, object?[] keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0) throw new InvalidDataException($"{opcode} has a key without a value");
        var dict = Top<OrderedDictionary<object, object?>>(opcode);
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            dict[keysAndValues[i] ?? throw new InvalidDataException("None as a dict key is not supported")] = keysAndValues[i + 1];
        }
    }

    private void StackGlobal()
    {
        var names = PopMany(2);
        if (names is not [string module, string name]) throw new InvalidDataException("STACK_GLOBAL needs a module and a name as str");
        Push(findGlobal(module, name));
    }

    private void Reduce()
    {
        var callableAndArguments = PopMany(2);
        if (callableAndArguments[0] is not PickleFunction function)
        {
            throw new InvalidDataException($"REDUCE cannot call a value of type {TypeName(callableAndArguments[0])}");
        }
        if (callableAndArguments[1] is not object?[] arguments)
        {
            throw new InvalidDataException($"REDUCE needs a tuple of arguments, not a value of type {TypeName(callableAndArguments[1])}");
        }
        Push(function(arguments));
    }

    /// <summary>
    /// BUILD sets an object's state. torch.save gives a state dict (an OrderedDict) the attribute <c>_metadata</c>
    /// (per-module version numbers) this way; SegGen has no use for it, so a dict's attribute dict is accepted and
    /// dropped. State for any other object would mean a <c>__setstate__</c> call, which is refused.
    /// </summary>
    private void Build()
    {
        var state = Pop();
        var target = Top();
        if (target is not OrderedDictionary<object, object?> || state is not OrderedDictionary<object, object?>)
        {
            throw new InvalidDataException($"refusing BUILD on a value of type {TypeName(target)} with state of type {TypeName(state)}: only a dict's attributes may be set");
        }
    }

    // ---- stack and memo -------------------------------------------------------------------------

    private void Push(object? value) => stack.Add(value);

    private object? Top() => stack.Count > 0 ? stack[^1] : throw new InvalidDataException("the stack is empty: corrupt pickle");

    private T Top<T>(PickleOpcode opcode) => Top() is T value
        ? value
        : throw new InvalidDataException($"{opcode} cannot add to a value of type {TypeName(Top())}");

    private object? Pop() => PopMany(1)[0];

    private object?[] PopMany(int count)
    {
        var floor = marks.Count > 0 ? marks.Peek() : 0;
        if (stack.Count - count < floor) throw new InvalidDataException("the stack holds too few values: corrupt pickle");
        return TakeFrom(stack.Count - count);
    }

    private object?[] PopToMark() =>
        marks.Count > 0 ? TakeFrom(marks.Pop()) : throw new InvalidDataException("no MARK to pop to: corrupt pickle");

    private object?[] TakeFrom(int index)
    {
        var items = stack.GetRange(index, stack.Count - index).ToArray();
        stack.RemoveRange(index, stack.Count - index);
        return items;
    }

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"memo entry {index} was never stored: corrupt pickle");

    // ---- reading ---------------------------------------------------------------------------------

    private byte ReadByte() => Read(1)[0];

    private ReadOnlySpan<byte> Read(ulong count)
    {
        if (count > (ulong)(data.Length - position)) throw new InvalidDataException("the pickle ends before its STOP: truncated");
        var span = data.AsSpan(position, (int)count);
        position += (int)count;
        return span;
    }

    /// <summary>LONG1's little-endian two's-complement integer; SegGen's ints are 64-bit.</summary>
    private long ReadLong(byte length)
    {
        if (length > sizeof(long)) throw new InvalidDataException($"an integer of {length} bytes is too large");
        var bytes = Read(length);
        Span<byte> value = stackalloc byte[sizeof(long)];
        value.Fill(length > 0 && (sbyte)bytes[^1] < 0 ? byte.MaxValue : (byte)0);
        bytes.CopyTo(value);
        return BinaryPrimitives.ReadInt64LittleEndian(value);
    }

    private string ReadString(ulong length) => Decode(Read(length));

    /// <summary>GLOBAL's operands: a module and a name, each ending with a newline.</summary>
    private string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0) throw new InvalidDataException("the pickle ends inside a GLOBAL name: truncated");
        var line = Read((ulong)(end - position));
        position++;
        return Decode(line);
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("a string is not valid UTF-8");
        }
    }
}
