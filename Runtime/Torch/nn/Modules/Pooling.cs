using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

public sealed class MaxPool2d : nn.Module<Tensor, Tensor>
{
    internal MaxPool2d(long kernel_size, long? stride, long padding, long dilation, bool ceil_mode) : base(nameof(MaxPool2d))
    {
        this.kernel_size = [kernel_size, kernel_size];
        this.stride = [stride ?? kernel_size, stride ?? kernel_size];
        this.padding = [padding, padding];
        this.dilation = [dilation, dilation];
        this.ceil_mode = ceil_mode;
    }

    public long[] kernel_size { get; }

    public long[] stride { get; }

    public long[] padding { get; }

    public long[] dilation { get; }

    public bool ceil_mode { get; }

    public override Tensor forward(Tensor input) => nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);

    /// <summary>Pooled values and the indices <see cref="MaxUnpool2d"/> needs.</summary>
    public (Tensor output, Tensor indices) forward_with_indices(Tensor input) =>
        nn.functional.max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode);
}

/// <summary>Inverse of <see cref="MaxPool2d"/>: places values at the pooled indices; give the pre-pool size when it is ambiguous.</summary>
public sealed class MaxUnpool2d : nn.Module<Tensor, Tensor, Tensor>
{
    internal MaxUnpool2d(long kernel_size, long? stride, long padding) : base(nameof(MaxUnpool2d))
    {
        this.kernel_size = [kernel_size, kernel_size];
        this.stride = [stride ?? kernel_size, stride ?? kernel_size];
        this.padding = [padding, padding];
    }

    public long[] kernel_size { get; }

    public long[] stride { get; }

    public long[] padding { get; }

    public override Tensor forward(Tensor input, Tensor indices) => forward(input, indices, null);

    public Tensor forward(Tensor input, Tensor indices, long[]? output_size) =>
        nn.functional.max_unpool2d(input, indices, kernel_size, stride, padding, output_size);
}

public sealed class AvgPool2d : nn.Module<Tensor, Tensor>
{
    internal AvgPool2d(long kernel_size, long? stride, long padding, bool ceil_mode, bool count_include_pad, long? divisor_override)
        : base(nameof(AvgPool2d))
    {
        this.kernel_size = [kernel_size, kernel_size];
        this.stride = [stride ?? kernel_size, stride ?? kernel_size];
        this.padding = [padding, padding];
        (this.ceil_mode, this.count_include_pad, this.divisor_override) = (ceil_mode, count_include_pad, divisor_override);
    }

    public long[] kernel_size { get; }

    public long[] stride { get; }

    public long[] padding { get; }

    public bool ceil_mode { get; }

    public bool count_include_pad { get; }

    public long? divisor_override { get; }

    public override Tensor forward(Tensor input) =>
        nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);
}

public sealed class AdaptiveAvgPool2d : nn.Module<Tensor, Tensor>
{
    internal AdaptiveAvgPool2d(long[] output_size) : base(nameof(AdaptiveAvgPool2d)) => this.output_size = output_size;

    public long[] output_size { get; }

    public override Tensor forward(Tensor input) => nn.functional.adaptive_avg_pool2d(input, output_size);
}

/// <summary>Resizes by a fixed size or scale factor (<see cref="nn.functional.interpolate"/>).</summary>
public sealed class Upsample : nn.Module<Tensor, Tensor>
{
    internal Upsample(long[]? size, double[]? scale_factor, InterpolationMode mode, bool? align_corners) : base(nameof(Upsample))
    {
        (this.size, this.scale_factor, this.mode, this.align_corners) = (size, scale_factor, mode, align_corners);
    }

    public long[]? size { get; }

    public double[]? scale_factor { get; }

    public InterpolationMode mode { get; }

    public bool? align_corners { get; }

    public override Tensor forward(Tensor input) => nn.functional.interpolate(input, size, scale_factor, mode, align_corners);
}
