using SegGen.Torch.Native;

namespace SegGen.Torch;

public static partial class torch
{
    // oneDNN's blocked ("mkldnn") layout, as PyTorch's Tensor.to_mkldnn / to_dense / is_mkldnn. A blocked tensor has
    // sizes but no strides; the ops that take it are few (convolution, relu, max/avg pooling, add, batch norm in eval),
    // any other op raises a TorchException naming the layout.
    public partial class Tensor
    {
        /// <summary>Whether this tensor is in oneDNN's blocked layout (made by <see cref="to_mkldnn"/> or an op on such tensors).</summary>
        public bool is_mkldnn => NativeMethods.sg_tensor_is_mkldnn(Handle);

        /// <summary>A copy in oneDNN's blocked layout (float32 or bfloat16 CPU tensors).</summary>
        public Tensor to_mkldnn() => new(NativeMethods.sg_to_mkldnn(Handle));

        /// <summary>A strided copy of a blocked tensor; for a strided tensor, the same values (as PyTorch).</summary>
        public Tensor to_dense() => new(NativeMethods.sg_to_dense(Handle));
    }
}
