using System;
using System.Runtime.InteropServices;

namespace SegGen.Torch.Native;

/// <summary>
/// The exports of libSegGenNative (Runtime/native). Tensor-returning functions give a new handle or
/// <see cref="IntPtr.Zero"/> on failure; the others return 0 on success. <see cref="Check(IntPtr)"/>
/// and <see cref="Check(int)"/> turn a failure into a <see cref="TorchException"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "SegGenNative";

    internal static IntPtr Check(IntPtr result) => result != IntPtr.Zero ? result : throw LastError();

    internal static T Check<T>(T result) where T : SafeHandle => !result.IsInvalid ? result : throw LastError();

    internal static void Check(int status)
    {
        if (status != 0) throw LastError();
    }

    private static TorchException LastError() =>
        new(Marshal.PtrToStringUTF8(sg_last_error()) ?? "libtorch reported an error without a message");

    [LibraryImport(Library)] internal static partial IntPtr sg_last_error();

    // ---- lifetime and properties ----
    [LibraryImport(Library)] internal static partial void sg_tensor_free(IntPtr t);
    [LibraryImport(Library)] internal static partial long sg_tensor_dim(TensorHandle t);
    [LibraryImport(Library)] internal static partial long sg_tensor_numel(TensorHandle t);
    [LibraryImport(Library)] internal static partial sbyte sg_tensor_dtype(TensorHandle t);
    [LibraryImport(Library)] internal static partial long sg_tensor_element_size(TensorHandle t);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_tensor_is_contiguous(TensorHandle t);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_tensor_requires_grad(TensorHandle t);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_tensor_is_leaf(TensorHandle t);
    [LibraryImport(Library)] internal static partial sbyte sg_tensor_device_type(TensorHandle t);
    [LibraryImport(Library)] internal static partial short sg_tensor_device_index(TensorHandle t);
    [LibraryImport(Library)] internal static partial long sg_tensor_sizes(TensorHandle t, long* output, int capacity);
    [LibraryImport(Library)] internal static partial long sg_tensor_strides(TensorHandle t, long* output, int capacity);
    [LibraryImport(Library)] internal static partial int sg_tensor_set_requires_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool value);
    [LibraryImport(Library)] internal static partial int sg_tensor_item(TensorHandle t, out double value);
    [LibraryImport(Library)] internal static partial int sg_tensor_item_int64(TensorHandle t, out long value);
    [LibraryImport(Library)] internal static partial int sg_tensor_to_string(TensorHandle t, byte* output, long capacity, out long needed);

    // ---- creation and conversion ----
    [LibraryImport(Library)] internal static partial IntPtr sg_factory(FactoryKind kind, long* sizes, int rank, double value, ScalarKind valueKind, sbyte dtype, sbyte deviceType, short deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr sg_randint(long low, long high, long* sizes, int rank, sbyte dtype, sbyte deviceType, short deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr sg_arange(double start, double end, double step, sbyte dtype, sbyte deviceType, short deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Library)] internal static partial IntPtr sg_from_data(void* data, long byteCount, long* sizes, int rank, sbyte dtype);
    [LibraryImport(Library)] internal static partial int sg_copy_to(TensorHandle t, void* output, long byteCount);
    [LibraryImport(Library)] internal static partial IntPtr sg_to(TensorHandle t, sbyte dtype, sbyte deviceType, short deviceIndex, [MarshalAs(UnmanagedType.U1)] bool copy);
    [LibraryImport(Library)] internal static partial IntPtr sg_alias(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_clone(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_detach(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_contiguous(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_contiguous_channels_last(TensorHandle t);
    [LibraryImport(Library)] internal static partial int sg_copy_(TensorHandle destination, TensorHandle source);
    [LibraryImport(Library)] internal static partial int sg_tensor_set_data(TensorHandle t, TensorHandle source);
    [LibraryImport(Library)] internal static partial int sg_fill_(TensorHandle t, double value, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_zero_(TensorHandle t);
    [LibraryImport(Library)] internal static partial int sg_uniform_(TensorHandle t, double low, double high);
    [LibraryImport(Library)] internal static partial int sg_normal_(TensorHandle t, double mean, double std);

    // ---- oneDNN's blocked layout (sg_mkldnn.cpp) ----
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_tensor_is_mkldnn(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_to_mkldnn(TensorHandle t);
    [LibraryImport(Library)] internal static partial IntPtr sg_to_dense(TensorHandle t);

    // ---- (transposed) convolutions run by oneDNN directly, channels-last, with fused sum and ReLU (sg_dnnl.cpp) ----
    [LibraryImport(Library)] internal static partial ConvolutionHandle sg_conv_new(TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* dilation, long groups, [MarshalAs(UnmanagedType.U1)] bool transposed, long* outputPadding, [MarshalAs(UnmanagedType.U1)] bool sum, [MarshalAs(UnmanagedType.U1)] bool relu);
    [LibraryImport(Library)] internal static partial void sg_conv_free(IntPtr conv);
    [LibraryImport(Library)] internal static partial IntPtr sg_conv_forward(ConvolutionHandle conv, TensorHandle input, TensorHandle accumulate);
    [LibraryImport(Library)] internal static partial IntPtr sg_conv_chain_forward(IntPtr* convs, long count, TensorHandle input, [MarshalAs(UnmanagedType.U1)] bool takeInput, [MarshalAs(UnmanagedType.U1)] bool winograd, [MarshalAs(UnmanagedType.U1)] bool contiguous);

    // ---- engine ----
    [LibraryImport(Library)] internal static partial void sg_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int sg_set_num_threads(int count);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_keep_freed_memory();
    [LibraryImport(Library)] internal static partial void sg_release_freed_memory();
    [LibraryImport(Library)] internal static partial int sg_get_num_threads();
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_cuda_is_available();
    [LibraryImport(Library)] internal static partial IntPtr sg_torch_version();

    // ---- element-wise ----
    [LibraryImport(Library)] internal static partial IntPtr sg_unary(UnaryOp op, TensorHandle x);
    [LibraryImport(Library)] internal static partial int sg_unary_(UnaryOp op, TensorHandle x);
    [LibraryImport(Library)] internal static partial IntPtr sg_binary(BinaryOp op, TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr sg_binary_scalar(BinaryOp op, TensorHandle a, double b, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_binary_(BinaryOp op, TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial int sg_binary_scalar_(BinaryOp op, TensorHandle a, double b, ScalarKind kind);
    [LibraryImport(Library)] internal static partial IntPtr sg_add_scaled(TensorHandle a, TensorHandle b, double alpha, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_add_scaled_(TensorHandle a, TensorHandle b, double alpha, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_addcmul_(TensorHandle x, TensorHandle a, TensorHandle b, double value);
    [LibraryImport(Library)] internal static partial int sg_addcdiv_(TensorHandle x, TensorHandle a, TensorHandle b, double value);
    [LibraryImport(Library)] internal static partial int sg_lerp_(TensorHandle x, TensorHandle end, double weight);
    [LibraryImport(Library)] internal static partial IntPtr sg_where(TensorHandle condition, TensorHandle a, TensorHandle b);
    [LibraryImport(Library)] internal static partial IntPtr sg_clamp(TensorHandle x, [MarshalAs(UnmanagedType.U1)] bool hasMin, double min, [MarshalAs(UnmanagedType.U1)] bool hasMax, double max, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_clamp_(TensorHandle x, [MarshalAs(UnmanagedType.U1)] bool hasMin, double min, [MarshalAs(UnmanagedType.U1)] bool hasMax, double max, ScalarKind kind);
    [LibraryImport(Library)] internal static partial IntPtr sg_masked_fill(TensorHandle x, TensorHandle mask, double value, ScalarKind kind);
    [LibraryImport(Library)] internal static partial int sg_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, [MarshalAs(UnmanagedType.U1)] out bool result);

    // ---- shape ----
    [LibraryImport(Library)] internal static partial IntPtr sg_view(TensorHandle x, long* sizes, int rank);
    [LibraryImport(Library)] internal static partial IntPtr sg_reshape(TensorHandle x, long* sizes, int rank);
    [LibraryImport(Library)] internal static partial IntPtr sg_permute(TensorHandle x, long* dims, int count);
    [LibraryImport(Library)] internal static partial IntPtr sg_expand(TensorHandle x, long* sizes, int rank);
    [LibraryImport(Library)] internal static partial IntPtr sg_flip(TensorHandle x, long* dims, int count);
    [LibraryImport(Library)] internal static partial IntPtr sg_transpose(TensorHandle x, long dim0, long dim1);
    [LibraryImport(Library)] internal static partial IntPtr sg_narrow(TensorHandle x, long dim, long start, long length);
    [LibraryImport(Library)] internal static partial IntPtr sg_select(TensorHandle x, long dim, long index);
    [LibraryImport(Library)] internal static partial IntPtr sg_slice(TensorHandle x, long dim, [MarshalAs(UnmanagedType.U1)] bool hasStart, long start, [MarshalAs(UnmanagedType.U1)] bool hasEnd, long end, long step);
    [LibraryImport(Library)] internal static partial IntPtr sg_squeeze(TensorHandle x, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim);
    [LibraryImport(Library)] internal static partial IntPtr sg_unsqueeze(TensorHandle x, long dim);
    [LibraryImport(Library)] internal static partial IntPtr sg_flatten(TensorHandle x, long startDim, long endDim);
    [LibraryImport(Library)] internal static partial IntPtr sg_as_strided(TensorHandle x, long* sizes, long* strides, int rank, long offset);

    // ---- reductions, joins, selection ----
    [LibraryImport(Library)] internal static partial IntPtr sg_reduce(ReductionOp op, TensorHandle x, long* dims, int count, [MarshalAs(UnmanagedType.U1)] bool keepdim, sbyte dtype);
    [LibraryImport(Library)] internal static partial int sg_max_dim(TensorHandle x, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, [MarshalAs(UnmanagedType.U1)] bool isMin, out IntPtr values, out IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr sg_argmax(TensorHandle x, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, [MarshalAs(UnmanagedType.U1)] bool isMin);
    [LibraryImport(Library)] internal static partial IntPtr sg_bincount(TensorHandle x, TensorHandle weights, long minlength);
    [LibraryImport(Library)] internal static partial IntPtr sg_cat(IntPtr* tensors, int count, long dim);
    [LibraryImport(Library)] internal static partial IntPtr sg_stack(IntPtr* tensors, int count, long dim);
    [LibraryImport(Library)] internal static partial IntPtr sg_index_select(TensorHandle x, long dim, TensorHandle index);
    [LibraryImport(Library)] internal static partial IntPtr sg_gather(TensorHandle x, long dim, TensorHandle index);
    [LibraryImport(Library)] internal static partial IntPtr sg_softmax(TensorHandle x, long dim, sbyte dtype, [MarshalAs(UnmanagedType.U1)] bool log);
    [LibraryImport(Library)] internal static partial IntPtr sg_one_hot(TensorHandle x, long numClasses);

    // ---- autograd ----
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool sg_is_grad_enabled();
    [LibraryImport(Library)] internal static partial void sg_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Library)] internal static partial int sg_backward(TensorHandle t, TensorHandle gradient, [MarshalAs(UnmanagedType.U1)] bool retainGraph, [MarshalAs(UnmanagedType.U1)] bool createGraph);
    [LibraryImport(Library)] internal static partial int sg_tensor_grad(TensorHandle t, out IntPtr gradient);
    [LibraryImport(Library)] internal static partial int sg_tensor_set_grad(TensorHandle t, TensorHandle gradient);
    [LibraryImport(Library)] internal static partial int sg_tensor_retain_grad(TensorHandle t);

    // ---- nn.functional ----
    [LibraryImport(Library)] internal static partial IntPtr sg_conv2d(TensorHandle x, TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* dilation, long groups);
    [LibraryImport(Library)] internal static partial IntPtr sg_conv_transpose2d(TensorHandle x, TensorHandle weight, TensorHandle bias, long* stride, long* padding, long* outputPadding, long groups, long* dilation);
    [LibraryImport(Library)] internal static partial IntPtr sg_batch_norm(TensorHandle x, TensorHandle weight, TensorHandle bias, TensorHandle runningMean, TensorHandle runningVar, [MarshalAs(UnmanagedType.U1)] bool training, double momentum, double eps);
    [LibraryImport(Library)] internal static partial IntPtr sg_dropout(TensorHandle x, double p, [MarshalAs(UnmanagedType.U1)] bool training, [MarshalAs(UnmanagedType.U1)] bool feature);
    [LibraryImport(Library)] internal static partial int sg_dropout_(TensorHandle x, double p, [MarshalAs(UnmanagedType.U1)] bool training, [MarshalAs(UnmanagedType.U1)] bool feature);
    [LibraryImport(Library)] internal static partial IntPtr sg_max_pool2d(TensorHandle x, long* kernel, long* stride, long* padding, long* dilation, [MarshalAs(UnmanagedType.U1)] bool ceilMode);
    [LibraryImport(Library)] internal static partial int sg_max_pool2d_with_indices(TensorHandle x, long* kernel, long* stride, long* padding, long* dilation, [MarshalAs(UnmanagedType.U1)] bool ceilMode, out IntPtr values, out IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr sg_max_unpool2d(TensorHandle x, TensorHandle indices, long* outputSize);
    [LibraryImport(Library)] internal static partial IntPtr sg_avg_pool2d(TensorHandle x, long* kernel, long* stride, long* padding, [MarshalAs(UnmanagedType.U1)] bool ceilMode, [MarshalAs(UnmanagedType.U1)] bool countIncludePad, long divisorOverride);
    [LibraryImport(Library)] internal static partial IntPtr sg_adaptive_avg_pool2d(TensorHandle x, long* outputSize);
    [LibraryImport(Library)] internal static partial IntPtr sg_interpolate(TensorHandle x, InterpolationCode mode, long* size, double* scale, [MarshalAs(UnmanagedType.U1)] bool alignCorners);
    [LibraryImport(Library)] internal static partial IntPtr sg_pad(TensorHandle x, long* pads, int count, PadModeCode mode, double value);
    [LibraryImport(Library)] internal static partial IntPtr sg_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Library)] internal static partial IntPtr sg_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex);
}
