using System;
using SegGen.Torch.Native;

namespace SegGen.Torch;

/// <summary>Sets whether autograd records operations on this thread, restoring the previous mode on dispose.</summary>
public sealed class AutoGradMode : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    internal AutoGradMode(bool enabled)
    {
        previous = NativeMethods.sg_is_grad_enabled();
        NativeMethods.sg_set_grad_enabled(enabled);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        NativeMethods.sg_set_grad_enabled(previous);
    }
}

public static partial class torch
{
    /// <summary>Stops autograd recording until the returned scope is disposed.</summary>
    public static AutoGradMode no_grad() => new(false);

    public static AutoGradMode enable_grad() => new(true);

    public static bool is_grad_enabled() => NativeMethods.sg_is_grad_enabled();
}
