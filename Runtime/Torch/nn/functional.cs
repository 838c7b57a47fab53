using System;
using SegGen.Torch.Native;

namespace SegGen.Torch;

public enum Reduction : long
{
    None = 0,
    Mean = 1,
    Sum = 2,
}

public enum InterpolationMode
{
    Nearest,
    Bilinear,
}

public enum PaddingModes
{
    Constant,
    Reflect,
    Replicate,
}

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless layers (<c>torch.nn.functional</c>). Spatial arguments take one value for both dims or (h, w).</summary>
        public static partial class functional
        {
            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                var (s, p, d) = (Pair(strides, 1, "stride"), Pair(padding, 0, "padding"), Pair(dilation, 1, "dilation"));
                return new Tensor(NativeMethods.sg_conv2d(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null, &s.H, &p.H, &d.H, groups));
            }

            public static unsafe Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                long[]? padding = null, long[]? output_padding = null, long[]? dilation = null, long groups = 1)
            {
                var (s, p, o, d) = (Pair(strides, 1, "stride"), Pair(padding, 0, "padding"), Pair(output_padding, 0, "output_padding"), Pair(dilation, 1, "dilation"));
                return new Tensor(NativeMethods.sg_conv_transpose2d(input.Handle, weight.Handle, bias?.Handle ?? TensorHandle.Null, &s.H, &p.H, &o.H, groups, &d.H));
            }

            /// <summary>In training, normalises by batch statistics and updates the running ones in place (momentum 0.1 as PyTorch).</summary>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
                Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                new(NativeMethods.sg_batch_norm(input.Handle, weight?.Handle ?? TensorHandle.Null, bias?.Handle ?? TensorHandle.Null,
                    running_mean?.Handle ?? TensorHandle.Null, running_var?.Handle ?? TensorHandle.Null, training, momentum, eps));

            public static Tensor relu(Tensor input, bool inplace = false) => inplace ? input.relu_() : input.relu();

            public static Tensor sigmoid(Tensor input) => input.sigmoid();

            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);

            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Dropout(input, p, training, inplace, feature: false);

            /// <summary>Zeroes whole channels with probability <paramref name="p"/>.</summary>
            public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Dropout(input, p, training, inplace, feature: true);

            private static Tensor Dropout(Tensor input, double p, bool training, bool inplace, bool feature)
            {
                if (p is < 0 or > 1) throw new TorchException($"dropout probability has to be between 0 and 1, but got {p}");
                if (!inplace) return new Tensor(NativeMethods.sg_dropout(input.Handle, p, training, feature));
                NativeMethods.Check(NativeMethods.sg_dropout_(input.Handle, p, training, feature));
                return input;
            }

            public static unsafe Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernel_size, 0, "kernel_size");
                var (s, p, d) = (stride is null || stride.Length == 0 ? k : Pair(stride, 0, "stride"), Pair(padding, 0, "padding"), Pair(dilation, 1, "dilation"));
                return new Tensor(NativeMethods.sg_max_pool2d(input.Handle, &k.H, &s.H, &p.H, &d.H, ceil_mode));
            }

            /// <summary>Max pooling that also returns the flat (h·W + w) index of each maximum, for <see cref="max_unpool2d(Tensor, Tensor, long[])"/>.</summary>
            public static unsafe (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size,
                long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernel_size, 0, "kernel_size");
                var (s, p, d) = (stride is null || stride.Length == 0 ? k : Pair(stride, 0, "stride"), Pair(padding, 0, "padding"), Pair(dilation, 1, "dilation"));
                NativeMethods.Check(NativeMethods.sg_max_pool2d_with_indices(input.Handle, &k.H, &s.H, &p.H, &d.H, ceil_mode, out var values, out var indices));
                return (new Tensor(values), new Tensor(indices));
            }

            /// <summary>Scatters <paramref name="input"/> to the positions in <paramref name="indices"/> of a zero map of size <paramref name="output_size"/> (h, w).</summary>
            public static unsafe Tensor max_unpool2d(Tensor input, Tensor indices, long[] output_size)
            {
                var size = LastTwo(output_size, "output_size");
                return new Tensor(NativeMethods.sg_max_unpool2d(input.Handle, indices.Handle, &size.H));
            }

            /// <summary>Unpooling with PyTorch's default output size <c>(in − 1)·stride − 2·padding + kernel</c> unless one is given.</summary>
            public static Tensor max_unpool2d(Tensor input, Tensor indices, long[] kernel_size, long[]? stride = null,
                long[]? padding = null, long[]? output_size = null)
            {
                if (output_size is not null) return max_unpool2d(input, indices, output_size);
                var k = Pair(kernel_size, 0, "kernel_size");
                var s = stride is null || stride.Length == 0 ? k : Pair(stride, 0, "stride");
                var p = Pair(padding, 0, "padding");
                var shape = input.shape;
                if (shape.Length < 3) throw new TorchException($"max_unpool2d expects a 3-D or 4-D input, got shape [{string.Join(", ", shape)}]");
                var h = (shape[^2] - 1) * s.H - 2 * p.H + k.H;
                var w = (shape[^1] - 1) * s.W - 2 * p.W + k.W;
                return max_unpool2d(input, indices, [h, w]);
            }

            public static unsafe Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
            {
                var k = Pair(kernel_size, 0, "kernel_size");
                var (s, p) = (stride is null || stride.Length == 0 ? k : Pair(stride, 0, "stride"), Pair(padding, 0, "padding"));
                return new Tensor(NativeMethods.sg_avg_pool2d(input.Handle, &k.H, &s.H, &p.H, ceil_mode, count_include_pad, divisor_override ?? 0));
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long[] output_size)
            {
                var size = Pair(output_size, 0, "output_size");
                return new Tensor(NativeMethods.sg_adaptive_avg_pool2d(input.Handle, &size.H));
            }

            /// <summary>
            /// Resizes the last two dims to <paramref name="size"/> or by <paramref name="scale_factor"/> (output
            /// <c>floor(in·scale)</c>, the scale also used for sampling, as PyTorch without recompute_scale_factor).
            /// </summary>
            public static unsafe Tensor interpolate(Tensor input, long[]? size = null, double[]? scale_factor = null,
                InterpolationMode mode = InterpolationMode.Nearest, bool? align_corners = null)
            {
                if ((size is null) == (scale_factor is null)) throw new TorchException("interpolate: give exactly one of size and scale_factor");
                if (mode == InterpolationMode.Nearest && align_corners.HasValue)
                {
                    throw new TorchException("interpolate: align_corners applies only to bilinear mode");
                }
                var code = mode == InterpolationMode.Bilinear ? InterpolationCode.Bilinear : InterpolationCode.Nearest;
                if (size is not null)
                {
                    var s = Pair(size, 0, "size");
                    return new Tensor(NativeMethods.sg_interpolate(input.Handle, code, &s.H, null, align_corners ?? false));
                }
                var scales = scale_factor!.Length switch
                {
                    1 => (H: scale_factor[0], W: scale_factor[0]),
                    2 => (H: scale_factor[0], W: scale_factor[1]),
                    _ => throw new TorchException($"interpolate: scale_factor takes 1 or 2 values, got {scale_factor.Length}"),
                };
                return new Tensor(NativeMethods.sg_interpolate(input.Handle, code, null, &scales.H, align_corners ?? false));
            }

            /// <summary>Pads the last dims; <paramref name="pad"/> is (left, right, top, bottom, …) as in PyTorch.</summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                if (pad.Length % 2 != 0) throw new TorchException($"pad takes pairs of values, got {pad.Length}");
                fixed (long* p = pad)
                {
                    return new Tensor(NativeMethods.sg_pad(input.Handle, p, pad.Length, (PadModeCode)mode, value));
                }
            }

            public static Tensor one_hot(Tensor input, long num_classes = -1) => new(NativeMethods.sg_one_hot(input.Handle, num_classes));

            /// <summary>Cross-entropy of logits <c>[N, C, …]</c> against class indices <c>[N, …]</c>; targets equal to <paramref name="ignore_index"/> do not count.</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                new(NativeMethods.sg_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? TensorHandle.Null, (long)reduction, ignore_index, label_smoothing));

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean) =>
                new(NativeMethods.sg_nll_loss(input.Handle, target.Handle, weight?.Handle ?? TensorHandle.Null, (long)reduction, ignore_index));

            private struct HW
            {
                public long H;
                public long W;
            }

            private static HW Pair(long[]? values, long fallback, string name) => values switch
            {
                null or [] => new HW { H = fallback, W = fallback },
                [var both] => new HW { H = both, W = both },
                [var h, var w] => new HW { H = h, W = w },
                _ => throw new TorchException($"{name} takes one value or two (h, w), got {values.Length}"),
            };

            private static HW LastTwo(long[] values, string name) => values.Length >= 2
                ? new HW { H = values[^2], W = values[^1] }
                : throw new TorchException($"{name} needs at least (h, w), got {values.Length} values");
        }
    }
}
