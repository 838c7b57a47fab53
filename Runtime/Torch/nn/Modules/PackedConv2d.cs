using System;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>
/// A convolution prepared for inference by <see cref="nn.Module.optimize_for_inference"/>: the eval-mode batch norm
/// that follows it folded into its weight and bias (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β, as TorchScript's freeze), and the
/// weight reordered once into oneDNN's blocked layout, which <see cref="Conv2d"/> redoes on every call. It is a snapshot
/// of the weights when it was made. The result has the input's layout (blocked or strided).
/// </summary>
public sealed class PackedConv2d : IDisposable
{
    private readonly Tensor weight;
    private readonly Tensor? bias;
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long[] dilation;
    private readonly long groups;

    public PackedConv2d(Conv2d conv, BatchNorm2d? norm = null)
    {
        (stride, padding, dilation, groups) = (conv.stride, conv.padding, conv.dilation, conv.groups);
        using var _ = no_grad();
        var (folded, foldedBias) = norm is null ? (conv.weight.detach(), conv.bias?.clone()) : Fold(conv, norm);
        using (folded)
        using (var blocked = folded.to_mkldnn())
        {
            weight = nn.functional.mkldnn_reorder_conv2d_weight(blocked, padding, stride, dilation, groups).DetachFromDisposeScope();
        }
        bias = foldedBias?.DetachFromDisposeScope();
    }

    public Tensor forward(Tensor input) => nn.functional.mkldnn_convolution(input, weight, bias, padding, stride, dilation, groups);

    private static (Tensor Weight, Tensor Bias) Fold(Conv2d conv, BatchNorm2d norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new TorchException("a batch norm without running statistics normalises by each batch even in eval mode: it cannot be folded into a convolution");
        }
        using var std = norm.running_var.add(norm.eps).sqrt();
        using var scale = norm.weight is null ? std.reciprocal() : norm.weight.div(std);
        using var perChannel = scale.view(-1, 1, 1, 1);
        var weight = conv.weight.mul(perChannel);
        using var centred = conv.bias is null ? norm.running_mean.neg() : conv.bias.sub(norm.running_mean);
        using var scaled = centred.mul(scale);
        var bias = norm.bias is null ? scaled.alias() : scaled.add(norm.bias);
        return (weight, bias);
    }

    public void Dispose()
    {
        weight.Dispose();
        bias?.Dispose();
    }
}
