using System.Collections.Generic;
using System.Linq;
using SegGen.Torch.Modules;

namespace SegGen.Torch;

// Layer factories with PyTorch's argument names and defaults.
public static partial class torch
{
    public static partial class nn
    {
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, device, dtype);

        public static ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride = 1,
            long padding = 0, long output_padding = 0, long groups = 1, bool bias = true, long dilation = 1,
            Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, kernel_size, stride, padding, output_padding, groups, bias, dilation, device, dtype);

        public static BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true,
            bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
            new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

        public static ReLU ReLU(bool inplace = false) => new(inplace);

        public static Identity Identity() => new();

        public static Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);

        public static Dropout2d Dropout2d(double p = 0.5, bool inplace = false) => new(p, inplace);

        public static MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
            new(kernel_size, stride, padding, dilation, ceil_mode);

        public static MaxUnpool2d MaxUnpool2d(long kernel_size, long? stride = null, long padding = 0) => new(kernel_size, stride, padding);

        public static AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
            bool count_include_pad = true, long? divisor_override = null) =>
            new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

        public static AdaptiveAvgPool2d AdaptiveAvgPool2d(params long[] output_size) => new(output_size);

        public static Upsample Upsample(long[]? size = null, double[]? scale_factor = null, InterpolationMode mode = InterpolationMode.Nearest,
            bool? align_corners = null) => new(size, scale_factor, mode, align_corners);

        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) =>
            new(modules.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m)));

        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        public static Sequential Sequential(IEnumerable<(string name, Module<Tensor, Tensor> module)> modules) => new(modules);
    }
}
