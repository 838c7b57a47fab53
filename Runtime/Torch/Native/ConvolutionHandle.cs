using System;
using System.Runtime.InteropServices;

namespace SegGen.Torch.Native;

/// <summary>Owns one native <c>sg_conv*</c> (sg_dnnl.cpp): a convolution prepared for oneDNN, with its reordered weight.</summary>
internal sealed class ConvolutionHandle : SafeHandle
{
    public ConvolutionHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.sg_conv_free(handle);
        return true;
    }
}
