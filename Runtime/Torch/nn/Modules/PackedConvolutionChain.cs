using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// Prepared convolutions run one after another, each on the previous one's result, in one native call: what a
/// generated inference forward does for a straight run of its graph whose intermediates nothing else reads. The
/// intermediates live and die on the native side, so a forward makes one managed tensor per run rather than one per
/// convolution, which is most of a narrow model's cost besides the arithmetic. The chain keeps its convolutions'
/// native state alive until it is disposed, even if they are disposed first; it does not dispose them.
/// </summary>
public sealed class PackedConvolutionChain : IDisposable
{
    private readonly PackedConvolution[] convolutions;
    // Native pointers of the convolutions, each held by DangerousAddRef until Dispose: passed as one array per call.
    private readonly IntPtr[] pointers;
    private bool disposed;

    public PackedConvolutionChain(params PackedConvolution[] convolutions)
    {
        if (convolutions.Length == 0) throw new ArgumentException("a convolution chain needs at least one convolution", nameof(convolutions));
        for (var i = 0; i < convolutions.Length; i++)
        {
            if (convolutions[i].sums)
            {
                throw new ArgumentException($"convolution {i} of the chain adds onto a tensor; a chain passes only each result to the next", nameof(convolutions));
            }
        }
        this.convolutions = (PackedConvolution[])convolutions.Clone();
        pointers = new IntPtr[convolutions.Length];
        for (var i = 0; i < convolutions.Length; i++)
        {
            var handle = convolutions[i].Handle;
            var added = false;
            handle.DangerousAddRef(ref added);
            pointers[i] = handle.DangerousGetHandle();
        }
    }

    /// <summary>How many convolutions run.</summary>
    public int count => pointers.Length;

    /// <summary>
    /// The last convolution's result (channels-last) on the first's <paramref name="input"/>. With
    /// <paramref name="dispose_input"/> the input is disposed, its memory given back as soon as the first convolution
    /// has read it (as a forward that disposes it there would), also when the call fails.
    /// </summary>
    public unsafe Tensor forward(Tensor input, bool dispose_input = false)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            fixed (IntPtr* convs = pointers)
            {
                return new Tensor(NativeMethods.sg_conv_chain_forward(convs, pointers.Length, input.Handle, dispose_input));
            }
        }
        finally
        {
            if (dispose_input) input.Dispose();
        }
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var convolution in convolutions) convolution.Handle.DangerousRelease();
    }
}
