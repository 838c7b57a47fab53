using System;

namespace SegGen.Torch;

/// <summary>An error reported by libtorch (or by SegGen.Torch's own argument checks), with libtorch's message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}
