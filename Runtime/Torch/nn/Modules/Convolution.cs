using System;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>2-D convolution; weight <c>[out, in/groups, k, k]</c>, initialised as PyTorch (kaiming-uniform, a = √5).</summary>
public sealed class Conv2d : nn.Module<Tensor, Tensor>
{
    internal Conv2d(long in_channels, long out_channels, long kernel_size, long stride, long padding, long dilation,
        long groups, bool bias, Device? device, ScalarType? dtype) : base(nameof(Conv2d))
    {
        ConvolutionInit.CheckGroups(in_channels, out_channels, groups);
        (this.stride, this.padding, this.dilation, this.groups) = ([stride, stride], [padding, padding], [dilation, dilation], groups);
        weight = register_parameter(nameof(weight), new nn.Parameter(empty([out_channels, in_channels / groups, kernel_size, kernel_size], dtype, device)))!;
        this.bias = bias ? register_parameter(nameof(bias), new nn.Parameter(empty([out_channels], dtype, device))) : register_parameter(nameof(bias), null);
        ConvolutionInit.Reset(weight, this.bias);
    }

    public nn.Parameter weight { get; }

    public nn.Parameter? bias { get; }

    public long[] stride { get; }

    public long[] padding { get; }

    public long[] dilation { get; }

    public long groups { get; }

    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
}

/// <summary>2-D transposed convolution; weight <c>[in, out/groups, k, k]</c>.</summary>
public sealed class ConvTranspose2d : nn.Module<Tensor, Tensor>
{
    internal ConvTranspose2d(long in_channels, long out_channels, long kernel_size, long stride, long padding, long output_padding,
        long groups, bool bias, long dilation, Device? device, ScalarType? dtype) : base(nameof(ConvTranspose2d))
    {
        ConvolutionInit.CheckGroups(in_channels, out_channels, groups);
        (this.stride, this.padding, this.output_padding, this.dilation, this.groups) =
            ([stride, stride], [padding, padding], [output_padding, output_padding], [dilation, dilation], groups);
        weight = register_parameter(nameof(weight), new nn.Parameter(empty([in_channels, out_channels / groups, kernel_size, kernel_size], dtype, device)))!;
        this.bias = bias ? register_parameter(nameof(bias), new nn.Parameter(empty([out_channels], dtype, device))) : register_parameter(nameof(bias), null);
        ConvolutionInit.Reset(weight, this.bias);
    }

    public nn.Parameter weight { get; }

    public nn.Parameter? bias { get; }

    public long[] stride { get; }

    public long[] padding { get; }

    public long[] output_padding { get; }

    public long[] dilation { get; }

    public long groups { get; }

    public override Tensor forward(Tensor input) =>
        nn.functional.conv_transpose2d(input, weight, bias, stride, padding, output_padding, dilation, groups);
}

internal static class ConvolutionInit
{
    public static void CheckGroups(long inChannels, long outChannels, long groups)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"groups = {groups} must be ≥ 1 and divide both in_channels ({inChannels}) and out_channels ({outChannels})");
        }
    }

    /// <summary>PyTorch's <c>_ConvNd.reset_parameters</c>: same draws in the same order, so a seed gives the same weights.</summary>
    public static void Reset(Tensor weight, Tensor? bias)
    {
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = nn.init.calculate_fan_in_and_fan_out(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        nn.init.uniform_(bias, -bound, bound);
    }
}
