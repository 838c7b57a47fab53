using static SegGen.Torch.torch;

namespace SegGen.Torch.Modules;

/// <summary>Batch normalisation over <c>[N, C, H, W]</c>, with PyTorch's buffers (running_mean, running_var, num_batches_tracked).</summary>
public sealed class BatchNorm2d : nn.Module<Tensor, Tensor>
{
    internal BatchNorm2d(long num_features, double eps, double momentum, bool affine, bool track_running_stats, Device? device, ScalarType? dtype)
        : base(nameof(BatchNorm2d))
    {
        (this.num_features, this.eps, this.momentum) = (num_features, eps, momentum);
        weight = affine ? register_parameter(nameof(weight), new nn.Parameter(ones([num_features], dtype, device))) : register_parameter(nameof(weight), null);
        bias = affine ? register_parameter(nameof(bias), new nn.Parameter(zeros([num_features], dtype, device))) : register_parameter(nameof(bias), null);
        if (track_running_stats)
        {
            running_mean = register_buffer(nameof(running_mean), zeros([num_features], dtype, device));
            running_var = register_buffer(nameof(running_var), ones([num_features], dtype, device));
            num_batches_tracked = register_buffer(nameof(num_batches_tracked), zeros([], ScalarType.Int64, device));
        }
    }

    public long num_features { get; }

    public double eps { get; }

    public double momentum { get; }

    public nn.Parameter? weight { get; }

    public nn.Parameter? bias { get; }

    public Tensor? running_mean { get; }

    public Tensor? running_var { get; }

    public Tensor? num_batches_tracked { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4) throw new TorchException($"BatchNorm2d expects a 4-D input [N, C, H, W], got [{string.Join(", ", input.shape)}]");
        if (training && num_batches_tracked is not null)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(1);
        }
        // Without running statistics, batch statistics are used in eval mode too (as PyTorch).
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training || running_mean is null, momentum, eps);
    }
}
