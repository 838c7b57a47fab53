using System;
using SegGen.Torch.Native;

namespace SegGen.Torch;

// Tensor factories. Defaults follow PyTorch: float32 on the CPU.
public static partial class torch
{
    private static unsafe Tensor Factory(FactoryKind kind, ReadOnlySpan<long> size, Scalar value, ScalarType? dtype, Device? device, bool requires_grad)
    {
        var target = device ?? CPU;
        fixed (long* p = size)
        {
            return new Tensor(NativeMethods.sg_factory(kind, p, size.Length, value.Value, value.Kind,
                (sbyte)(dtype ?? ScalarType.Float32), (sbyte)target.type, (short)target.index, requires_grad));
        }
    }

    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Zeros, size, 0, dtype, device, requires_grad);

    public static Tensor zeros(params long[] size) => zeros(size, null);

    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Ones, size, 0, dtype, device, requires_grad);

    public static Tensor ones(params long[] size) => ones(size, null);

    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Empty, size, 0, dtype, device, requires_grad);

    public static Tensor empty(params long[] size) => empty(size, null);

    /// <summary>A tensor filled with <paramref name="value"/>; without a dtype, PyTorch's rule: integers give int64, bools bool.</summary>
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Full, size, value, dtype ?? value.Kind switch
        {
            ScalarKind.Integral => ScalarType.Int64,
            ScalarKind.Boolean => ScalarType.Bool,
            _ => ScalarType.Float32,
        }, device, requires_grad);

    /// <summary>Uniform on [0, 1), from the global generator (<see cref="manual_seed"/>).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Rand, size, 0, dtype, device, requires_grad);

    public static Tensor rand(params long[] size) => rand(size, null);

    /// <summary>Standard normal, from the global generator.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Factory(FactoryKind.Randn, size, 0, dtype, device, requires_grad);

    public static Tensor randn(params long[] size) => randn(size, null);

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>), int64 unless told.</summary>
    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        var target = device ?? CPU;
        fixed (long* p = size)
        {
            return new Tensor(NativeMethods.sg_randint(low, high, p, size.Length, (sbyte)(dtype ?? ScalarType.Int64), (sbyte)target.type, (short)target.index));
        }
    }

    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null) => randint(0, high, size, dtype, device);

    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var target = device ?? CPU;
        var integral = start.Kind != ScalarKind.Floating && stop.Kind != ScalarKind.Floating && step.Kind != ScalarKind.Floating;
        var type = dtype ?? (integral ? ScalarType.Int64 : ScalarType.Float32);
        return new Tensor(NativeMethods.sg_arange(start.Value, stop.Value, step.Value, (sbyte)type, (sbyte)target.type, (short)target.index, requires_grad));
    }

    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null) => arange(start, stop, 1, dtype, device);

    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null) => arange(0, stop, 1, dtype, device);

    /// <summary>A tensor holding a copy of <paramref name="data"/>, shaped <paramref name="dimensions"/> (1-D when empty).</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> dimensions, Device? device = null, bool requires_grad = false)
        where T : unmanaged =>
        FromData(data, dimensions.IsEmpty ? [data.Length] : dimensions, device, requires_grad);

    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public static Tensor tensor<T>(T[] data, long[]? dimensions = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor<T>(data.AsSpan(), dimensions ?? [], device, requires_grad);

    /// <summary>A 0-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor tensor<T>(T value, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        FromData<T>([value], [], device, requires_grad);

    private static unsafe Tensor FromData<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, Device? device, bool requires_grad)
        where T : unmanaged
    {
        Tensor result;
        fixed (T* d = data)
        fixed (long* s = shape)
        {
            result = new Tensor(NativeMethods.sg_from_data(d, (long)data.Length * sizeof(T), s, shape.Length, (sbyte)ScalarTypeOf<T>()));
        }
        if (device is not null && device.type != DeviceType.CPU)
        {
            using var host = result;
            result = host.to(device);
        }
        if (requires_grad) result.requires_grad = true;
        return result;
    }

    /// <summary>A CPU tensor of <paramref name="type"/> whose elements are the raw bytes <paramref name="data"/> (serialization).</summary>
    internal static unsafe Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType type, ReadOnlySpan<long> shape)
    {
        fixed (byte* d = data)
        fixed (long* s = shape)
        {
            return new Tensor(NativeMethods.sg_from_data(d, data.Length, s, shape.Length, (sbyte)type));
        }
    }

    public static Tensor zeros_like(Tensor input) => zeros(input.shape, input.dtype, input.device);

    public static Tensor ones_like(Tensor input) => ones(input.shape, input.dtype, input.device);

    public static Tensor empty_like(Tensor input) => empty(input.shape, input.dtype, input.device);

    public static Tensor full_like(Tensor input, Scalar value) => full(input.shape, value, input.dtype, input.device);

    public static Tensor rand_like(Tensor input) => rand(input.shape, input.dtype, input.device);

    public static Tensor randn_like(Tensor input) => randn(input.shape, input.dtype, input.device);
}
