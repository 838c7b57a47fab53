using System;
using System.Runtime.InteropServices;
using System.Text;
using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    /// <summary>
    /// A libtorch tensor. It owns one native reference through a <see cref="SafeHandle"/>: dispose it
    /// (or let a <see cref="DisposeScope"/> do so) to free the memory now rather than at the next GC.
    /// Every op returns a new <see cref="Tensor"/>; in-place ops (suffix <c>_</c>) return this one.
    /// </summary>
    public partial class Tensor : IDisposable
    {
        private readonly TensorHandle handle;

        internal Tensor(IntPtr pointer)
        {
            handle = new TensorHandle(NativeMethods.Check(pointer));
            DisposeScope.Register(this);
        }

        internal DisposeScope? OwningScope { get; set; }

        internal TensorHandle Handle =>
            handle.IsClosed ? throw new ObjectDisposedException(nameof(Tensor), "This tensor has been disposed.") : handle;

        public bool IsInvalid => handle.IsClosed;

        public void Dispose()
        {
            OwningScope?.Forget(this);
            OwningScope = null;
            handle.Dispose();
        }

        /// <summary>Keeps this tensor alive past the current <see cref="DisposeScope"/>.</summary>
        public Tensor MoveToOuterDisposeScope() => OwningScope?.MoveToOuter(this) ?? this;

        /// <summary>Takes this tensor out of its <see cref="DisposeScope"/>: the caller disposes it.</summary>
        public Tensor DetachFromDisposeScope() => OwningScope?.Detach(this) ?? this;

        // ---- properties --------------------------------------------------------------------------

        public long dim() => NativeMethods.sg_tensor_dim(Handle);

        public long ndim => dim();

        public long numel() => NativeMethods.sg_tensor_numel(Handle);

        public long element_size() => NativeMethods.sg_tensor_element_size(Handle);

        public ScalarType dtype => (ScalarType)NativeMethods.sg_tensor_dtype(Handle);

        public Device device
        {
            get
            {
                var h = Handle;
                return new Device((DeviceType)NativeMethods.sg_tensor_device_type(h), NativeMethods.sg_tensor_device_index(h));
            }
        }

        public long[] shape
        {
            get
            {
                Span<long> buffer = stackalloc long[8];
                var rank = CopySizes(buffer);
                if (rank <= buffer.Length) return buffer[..rank].ToArray();
                var sizes = new long[rank];
                CopySizes(sizes);
                return sizes;
            }
        }

        /// <summary>Writes as many of the sizes as fit into <paramref name="sizes"/>; returns the rank (checks on every forward allocate nothing).</summary>
        internal unsafe int CopySizes(Span<long> sizes)
        {
            fixed (long* p = sizes) return (int)NativeMethods.sg_tensor_sizes(Handle, p, sizes.Length);
        }

        public long size(long dimension)
        {
            var sizes = shape;
            var d = dimension < 0 ? dimension + sizes.Length : dimension;
            if (d < 0 || d >= sizes.Length)
            {
                throw new TorchException($"dimension {dimension} is out of range for a tensor of rank {sizes.Length}");
            }
            return sizes[d];
        }

        public unsafe long[] stride()
        {
            var strides = new long[dim()];
            fixed (long* p = strides) NativeMethods.sg_tensor_strides(Handle, p, strides.Length);
            return strides;
        }

        public bool is_contiguous() => NativeMethods.sg_tensor_is_contiguous(Handle);

        public bool is_leaf => NativeMethods.sg_tensor_is_leaf(Handle);

        public bool requires_grad
        {
            get => NativeMethods.sg_tensor_requires_grad(Handle);
            set => NativeMethods.Check(NativeMethods.sg_tensor_set_requires_grad(Handle, value));
        }

        public Tensor requires_grad_(bool value = true)
        {
            requires_grad = value;
            return this;
        }

        // ---- autograd ----------------------------------------------------------------------------

        /// <summary>The accumulated gradient (a new handle to it), or null; setting null clears it.</summary>
        public Tensor? grad
        {
            get
            {
                NativeMethods.Check(NativeMethods.sg_tensor_grad(Handle, out var pointer));
                return pointer == IntPtr.Zero ? null : new Tensor(pointer);
            }
            set => NativeMethods.Check(NativeMethods.sg_tensor_set_grad(Handle, value?.Handle ?? TensorHandle.Null));
        }

        public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
            NativeMethods.Check(NativeMethods.sg_backward(Handle, gradient?.Handle ?? TensorHandle.Null, retain_graph, create_graph));

        public Tensor retain_grad()
        {
            NativeMethods.Check(NativeMethods.sg_tensor_retain_grad(Handle));
            return this;
        }

        public Tensor detach() => new(NativeMethods.sg_detach(Handle));

        // ---- values ------------------------------------------------------------------------------

        /// <summary>The single element of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) ||
                typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(bool))
            {
                NativeMethods.Check(NativeMethods.sg_tensor_item_int64(Handle, out var integral));
                return typeof(T) == typeof(bool) ? (T)(object)(integral != 0) : (T)Convert.ChangeType(integral, typeof(T));
            }
            NativeMethods.Check(NativeMethods.sg_tensor_item(Handle, out var value));
            return typeof(T) == typeof(Half) ? (T)(object)(Half)value : (T)Convert.ChangeType(value, typeof(T));
        }

        /// <summary>Copies the elements, row-major, into <paramref name="destination"/> (which must fit them exactly).</summary>
        public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
        {
            CheckElementType<T>();
            fixed (T* p = destination)
            {
                NativeMethods.Check(NativeMethods.sg_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
            }
        }

        /// <summary>The raw bytes of the elements, row-major, whatever the dtype (serialization).</summary>
        internal unsafe void CopyBytesTo(Span<byte> destination)
        {
            fixed (byte* p = destination) NativeMethods.Check(NativeMethods.sg_copy_to(Handle, p, destination.Length));
        }

        /// <summary>The elements, row-major, copied into a new array.</summary>
        public T[] ToArray<T>() where T : unmanaged
        {
            var result = new T[numel()];
            CopyTo<T>(result);
            return result;
        }

        private void CheckElementType<T>() where T : unmanaged
        {
            var expected = ScalarTypeOf<T>();
            var actual = dtype;
            if (expected != actual)
            {
                throw new TorchException($"tensor has dtype {actual}, not {expected} ({typeof(T).Name}); convert it with to({expected}) first");
            }
        }

        /// <summary>Shape, dtype and device, e.g. <c>[2x3x4], type = Float32, device = cpu</c>.</summary>
        public override string ToString() =>
            handle.IsClosed ? "[disposed tensor]" : $"[{string.Join("x", shape)}], type = {dtype}, device = {device}";

        /// <summary>libtorch's printed form, values included.</summary>
        public unsafe string str()
        {
            NativeMethods.Check(NativeMethods.sg_tensor_to_string(Handle, null, 0, out var needed));
            var buffer = new byte[needed];
            fixed (byte* p = buffer) NativeMethods.Check(NativeMethods.sg_tensor_to_string(Handle, p, needed, out _));
            return Encoding.UTF8.GetString(buffer, 0, (int)needed - 1);
        }
    }
}
