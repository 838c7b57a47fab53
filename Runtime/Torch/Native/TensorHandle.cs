using System;
using System.Runtime.InteropServices;

namespace SegGen.Torch.Native;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it drops that reference.</summary>
internal sealed class TensorHandle : SafeHandle
{
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public TensorHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(pointer);

    /// <summary>Stands for an absent optional tensor (nullptr on the native side).</summary>
    public static readonly TensorHandle Null = new();

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.sg_tensor_free(handle);
        return true;
    }
}
