using static SegGen.Torch.torch;

namespace SegGen.Runtime.Tests.Support;

/// <summary>The tensors of reference/ops.py, by name.</summary>
internal static class OpsReference
{
    public static Tensor Get(string name) => PyTorchReference.Load("ops.py")[name];
}
