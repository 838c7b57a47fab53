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

    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// A convolution weight (already in the blocked layout: <see cref="Tensor.to_mkldnn"/>) reordered once into the blocked layout oneDNN's convolution uses for these
            /// arguments (PyTorch's <c>torch._C._nn.mkldnn_reorder_conv2d_weight</c>); <see cref="conv2d"/> on a
            /// strided weight redoes this reorder on every call.
            /// </summary>
            public static unsafe Tensor mkldnn_reorder_conv2d_weight(Tensor weight, long[]? padding = null, long[]? strides = null,
                long[]? dilation = null, long groups = 1)
            {
                var (p, s, d) = (Pair(padding, 0, "padding"), Pair(strides, 1, "stride"), Pair(dilation, 1, "dilation"));
                return new Tensor(NativeMethods.sg_mkldnn_reorder_conv2d_weight(weight.Handle, &p.H, &s.H, &d.H, groups));
            }

            /// <summary>
            /// oneDNN's convolution (PyTorch's <c>torch.mkldnn_convolution</c>): the result has the input's layout,
            /// blocked or strided; the weight may be strided, blocked or reordered by <see cref="mkldnn_reorder_conv2d_weight"/>.
            /// </summary>
            public static unsafe Tensor mkldnn_convolution(Tensor input, Tensor weight, Tensor? bias = null, long[]? padding = null,
                long[]? strides = null, long[]? dilation = null, long groups = 1)
            {
                var (p, s, d) = (Pair(padding, 0, "padding"), Pair(strides, 1, "stride"), Pair(dilation, 1, "dilation"));
                return new Tensor(NativeMethods.sg_mkldnn_convolution(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null, &p.H, &s.H, &d.H, groups));
            }
        }
    }
}
