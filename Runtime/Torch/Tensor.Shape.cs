using System;
using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    // Views, layout, conversion and indexing.
    public partial class Tensor
    {
        private unsafe delegate IntPtr ListOp(TensorHandle x, long* values, int count);

        private unsafe Tensor WithList(ListOp op, ReadOnlySpan<long> values)
        {
            fixed (long* p = values) return new Tensor(op(Handle, p, values.Length));
        }

        public unsafe Tensor view(params long[] shape) => WithList(NativeMethods.sg_view, shape);
        public unsafe Tensor reshape(params long[] shape) => WithList(NativeMethods.sg_reshape, shape);
        public unsafe Tensor permute(params long[] dims) => WithList(NativeMethods.sg_permute, dims);
        public unsafe Tensor expand(params long[] sizes) => WithList(NativeMethods.sg_expand, sizes);
        public unsafe Tensor flip(params long[] dims) => WithList(NativeMethods.sg_flip, dims);

        public Tensor view_as(Tensor other) => view(other.shape);
        public Tensor expand_as(Tensor other) => expand(other.shape);
        public Tensor transpose(long dim0, long dim1) => new(NativeMethods.sg_transpose(Handle, dim0, dim1));
        public Tensor narrow(long dim, long start, long length) => new(NativeMethods.sg_narrow(Handle, dim, start, length));
        public Tensor select(long dim, long index) => new(NativeMethods.sg_select(Handle, dim, index));

        /// <summary>Elements <c>start, start+step, …</c> below <c>end</c> along <paramref name="dim"/>; null bounds mean the ends.</summary>
        public Tensor slice(long dim, long? start, long? end, long step = 1) =>
            new(NativeMethods.sg_slice(Handle, dim, start.HasValue, start ?? 0, end.HasValue, end ?? 0, step));

        public Tensor squeeze() => new(NativeMethods.sg_squeeze(Handle, false, 0));
        public Tensor squeeze(long dim) => new(NativeMethods.sg_squeeze(Handle, true, dim));
        public Tensor unsqueeze(long dim) => new(NativeMethods.sg_unsqueeze(Handle, dim));
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(NativeMethods.sg_flatten(Handle, start_dim, end_dim));

        public unsafe Tensor as_strided(long[] size, long[] stride, long storage_offset = 0)
        {
            if (size.Length != stride.Length) throw new TorchException($"as_strided: {size.Length} sizes but {stride.Length} strides");
            fixed (long* s = size)
            fixed (long* t = stride)
            {
                return new Tensor(NativeMethods.sg_as_strided(Handle, s, t, size.Length, storage_offset));
            }
        }

        public Tensor contiguous() => new(NativeMethods.sg_contiguous(Handle));

        /// <summary>The same values in NHWC memory order (a rank-4 tensor's shape is unchanged).</summary>
        public Tensor to_channels_last() => new(NativeMethods.sg_contiguous_channels_last(Handle));

        public Tensor clone() => new(NativeMethods.sg_clone(Handle));

        /// <summary>A new handle to the same tensor: what a function returns instead of its own input.</summary>
        public Tensor alias() => new(NativeMethods.sg_alias(Handle));

        public Tensor to(ScalarType type, bool copy = false) => new(NativeMethods.sg_to(Handle, (sbyte)type, -1, -1, copy));

        public Tensor to(Device device, bool copy = false) =>
            new(NativeMethods.sg_to(Handle, -1, (sbyte)device.type, (short)device.index, copy));

        public Tensor to(ScalarType type, Device device, bool copy = false) =>
            new(NativeMethods.sg_to(Handle, (sbyte)type, (sbyte)device.type, (short)device.index, copy));

        public Tensor to_type(ScalarType type) => to(type);
        public Tensor cpu() => to(CPU);
        public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));
        public Tensor @float() => to(ScalarType.Float32);
        public Tensor @double() => to(ScalarType.Float64);
        public Tensor @long() => to(ScalarType.Int64);
        public Tensor @int() => to(ScalarType.Int32);
        public Tensor @bool() => to(ScalarType.Bool);

        /// <summary>PyTorch-style indexing: integers select, ranges slice, <see cref="TensorIndex.Ellipsis"/> skips dims.</summary>
        public Tensor this[params TensorIndex[] indices] => Index(indices);

        private Tensor Index(TensorIndex[] indices)
        {
            var ellipses = Array.FindAll(indices, i => i.Kind == TensorIndex.IndexKind.Ellipsis).Length;
            if (ellipses > 1) throw new TorchException("an index can hold at most one ellipsis");
            var rank = dim();
            var consumed = indices.Length - ellipses;
            if (consumed > rank) throw new TorchException($"too many indices ({consumed}) for a tensor of rank {rank}");

            var result = alias();
            long dimension = 0;
            foreach (var index in indices)
            {
                Tensor next;
                switch (index.Kind)
                {
                    case TensorIndex.IndexKind.Ellipsis:
                        dimension += rank - consumed;
                        continue;
                    case TensorIndex.IndexKind.Single:
                        next = result.select(dimension, index.Start);
                        break;
                    default:
                        next = result.slice(dimension, index.OptionalStart, index.OptionalEnd, index.Step);
                        dimension++;
                        break;
                }
                result.Dispose();
                result = next;
            }
            return result;
        }
    }
}

/// <summary>One position of a tensor index: an integer, a range/slice, or an ellipsis.</summary>
public readonly struct TensorIndex
{
    internal enum IndexKind : byte { Single, Slice, Ellipsis }

    private TensorIndex(IndexKind kind, long start, long? end, long step, bool hasStart)
    {
        Kind = kind;
        Start = start;
        End = end;
        Step = step;
        HasStart = hasStart;
    }

    internal IndexKind Kind { get; }
    internal long Start { get; }
    internal long? End { get; }
    internal long Step { get; }
    private bool HasStart { get; }
    internal long? OptionalStart => HasStart ? Start : null;
    internal long? OptionalEnd => End;

    public static TensorIndex Ellipsis { get; } = new(IndexKind.Ellipsis, 0, null, 1, false);

    public static TensorIndex Colon { get; } = Slice();

    public static TensorIndex Single(long index) => new(IndexKind.Single, index, null, 1, true);

    public static TensorIndex Slice(long? start = null, long? end = null, long step = 1) =>
        step < 1 ? throw new TorchException($"slice step must be positive, got {step}") : new(IndexKind.Slice, start ?? 0, end, step, start.HasValue);

    public static implicit operator TensorIndex(long index) => Single(index);

    public static implicit operator TensorIndex(int index) => Single(index);

    /// <summary>C# ranges; a from-end bound (<c>^1</c>) becomes a negative index as in Python.</summary>
    public static implicit operator TensorIndex(Range range)
    {
        long? Bound(Index i, bool isEnd) => i.IsFromEnd ? (i.Value == 0 ? (isEnd ? null : long.MaxValue) : -i.Value) : i.Value;
        return Slice(Bound(range.Start, false), Bound(range.End, true));
    }
}
