using System;
using SegGen.Torch.Native;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// Prepared convolutions run one after another, each on the previous one's result, in one native call: what a
/// generated inference forward does for a straight run of its graph whose intermediates nothing else reads. The
/// intermediates live and die on the native side, so a forward makes one managed tensor per run rather than one per
/// convolution, which is most of a narrow model's cost besides the arithmetic; and they stay in the layouts oneDNN's
/// kernels want (blocked by channels), converted from and to channels-last once per chain rather than per
/// convolution. The chain keeps its convolutions' native state alive until it is disposed, even if they are disposed
/// first; it does not dispose them.
/// </summary>
/// <remarks>
/// With <c>winograd</c> (the default), a 3×3 stride-1 convolution whose channel counts are multiples of 16 runs as
/// Winograd's F(4×4, 3×3) where oneDNN has that kernel and its scratch stays under 64 MiB: 4× fewer multiply-adds,
/// results rounding differently from the direct kernel by ≈ 1e-6 relative. Turn it off where that rounding could flip
/// a decision downstream (which of a max pool's near-equal inputs is the maximum, when its indices are used).
/// </remarks>
public sealed class PackedConvolutionChain : IDisposable
{
    private readonly PackedConvolution[] convolutions;
    // Native pointers of the convolutions, each held by DangerousAddRef until Dispose: passed as one array per call.
    private readonly IntPtr[] pointers;
    private readonly bool winograd;
    private bool disposed;

    public PackedConvolutionChain(PackedConvolution[] convolutions, bool winograd = true)
    {
        // Finalized only once it holds its convolutions (a constructor that throws leaves nothing to release).
        GC.SuppressFinalize(this);
        if (convolutions.Length == 0) throw new ArgumentException("a convolution chain needs at least one convolution", nameof(convolutions));
        for (var i = 0; i < convolutions.Length; i++)
        {
            if (convolutions[i].sums)
            {
                throw new ArgumentException($"convolution {i} of the chain adds onto a tensor; a chain passes only each result to the next", nameof(convolutions));
            }
        }
        this.winograd = winograd;
        pointers = new IntPtr[convolutions.Length];
        var held = 0;
        try
        {
            for (; held < convolutions.Length; held++)
            {
                var handle = convolutions[held].Handle;
                var added = false;  // DangerousAddRef throws for a disposed convolution
                handle.DangerousAddRef(ref added);
                pointers[held] = handle.DangerousGetHandle();
            }
        }
        catch
        {
            for (var i = 0; i < held; i++) convolutions[i].Handle.DangerousRelease();
            throw;
        }
        this.convolutions = (PackedConvolution[])convolutions.Clone();
        GC.ReRegisterForFinalize(this);
    }

    // A chain never disposed still lets its convolutions go: their handles are finalized after ordinary finalizers.
    ~PackedConvolutionChain() => Release();

    /// <summary>How many convolutions run.</summary>
    public int count => pointers.Length;

    /// <summary>
    /// The last convolution's result on the first's <paramref name="input"/>: channels-last, or with
    /// <paramref name="contiguous"/> in the contiguous layout (a model's result, which leaves that way). With
    /// <paramref name="dispose_input"/> the input is disposed, its memory given back as soon as the first convolution
    /// has read it (as a forward that disposes it there would), also when the call fails.
    /// </summary>
    public unsafe Tensor forward(Tensor input, bool dispose_input = false, bool contiguous = false)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            fixed (IntPtr* convs = pointers)
            {
                return new Tensor(NativeMethods.sg_conv_chain_forward(convs, pointers.Length, input.Handle, dispose_input, winograd, contiguous));
            }
        }
        finally
        {
            if (dispose_input) input.Dispose();
        }
    }

    /// <summary>Lets the convolutions' native state go (freed once they are disposed too). Not to race a <see cref="forward"/>.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        if (disposed) return;
        disposed = true;
        foreach (var convolution in convolutions) convolution.Handle.DangerousRelease();
    }
}
