using System.Collections.Generic;
using System.Linq;
using SegGen.Torch.Native;

namespace SegGen.Torch;

// Functions over several tensors and engine settings.
public static partial class torch
{
    private unsafe delegate System.IntPtr JoinOp(System.IntPtr* tensors, int count, long dim);

    private static unsafe Tensor Join(JoinOp op, IReadOnlyList<Tensor> tensors, long dim)
    {
        // Hold every SafeHandle for the duration of the call so none is released underneath.
        var handles = tensors.Select(t => t.Handle).ToArray();
        var added = new bool[handles.Length];
        try
        {
            var pointers = new System.IntPtr[handles.Length];
            for (var i = 0; i < handles.Length; i++)
            {
                handles[i].DangerousAddRef(ref added[i]);
                pointers[i] = handles[i].DangerousGetHandle();
            }
            fixed (System.IntPtr* p = pointers) return new Tensor(op(p, pointers.Length, dim));
        }
        finally
        {
            for (var i = 0; i < handles.Length; i++)
            {
                if (added[i]) handles[i].DangerousRelease();
            }
        }
    }

    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(NativeMethods.sg_cat, tensors, dim);

    public static Tensor concat(IReadOnlyList<Tensor> tensors, long dim = 0) => cat(tensors, dim);

    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(NativeMethods.sg_stack, tensors, dim);

    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(NativeMethods.sg_where(condition.Handle, x.Handle, y.Handle));

    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);

    public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);

    public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);

    public static Tensor sigmoid(Tensor input) => input.sigmoid();

    public static Tensor relu(Tensor input) => input.relu();

    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);

    public static Tensor bincount(Tensor input, Tensor? weights = null, long minlength = 0) => input.bincount(weights, minlength);

    public static Tensor flip(Tensor input, params long[] dims) => input.flip(dims);

    /// <summary>Seeds libtorch's global CPU (and CUDA) generators, as <c>torch.manual_seed</c>.</summary>
    public static void manual_seed(long seed) => NativeMethods.sg_manual_seed(unchecked((ulong)seed));

    public static void set_num_threads(int threads) => NativeMethods.Check(NativeMethods.sg_set_num_threads(threads));

    public static int get_num_threads() => NativeMethods.sg_get_num_threads();

    /// <summary>
    /// Keeps memory that libtorch frees in the process instead of returning it to the kernel, so that loops which
    /// reallocate the same large tensors every step stop page-faulting them back in (12–20% of a training step on
    /// two cores). Tensors of 1 MiB and more then come from a heap of SegGen's own that merges freed neighbours and
    /// reuses the best-fitting free block, so what stays resident is close to the most ever in use at once; smaller
    /// ones from the C library's heap with fixed thresholds. Process-wide and for the process's lifetime: call it
    /// once at the start of a training or inference program. Not part of PyTorch's API; false where the address range
    /// could not be reserved or the C library refused its settings.
    /// </summary>
    public static bool keep_freed_memory() => NativeMethods.sg_keep_freed_memory();

    /// <summary>
    /// Gives back to the kernel the free memory <see cref="keep_freed_memory"/> keeps: e.g. between the phases of a
    /// program, or before measuring a peak. Not part of PyTorch's API.
    /// </summary>
    public static void release_freed_memory() => NativeMethods.sg_release_freed_memory();

    /// <summary>The version of the libtorch SegGen is linked against.</summary>
    public static string __version__ => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(NativeMethods.sg_torch_version()) ?? "";
}
