using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay: PyTorch 1.13's single-tensor <c>SGD</c>, op for op.
/// </summary>
public sealed class SGD : Optimizer
{
    private const string MomentumBuffer = "momentum_buffer";

    internal SGD(IEnumerable<ParamGroup> param_groups, double lr, double momentum, double dampening, double weight_decay, bool nesterov, bool maximize)
        : base(new ParamGroup([]) { lr = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay, nesterov = nesterov, maximize = maximize },
            param_groups)
    {
    }

    /// <summary>SGD's options for some parameters; those not set take the optimizer's.</summary>
    public sealed class ParamGroup(IEnumerable<nn.Parameter> parameters) : Optim.ParamGroup(parameters)
    {
        public double momentum { get => Get(); set => Set(value); }

        public double dampening { get => Get(); set => Set(value); }

        public bool nesterov { get => GetFlag(); set => SetFlag(value); }

        internal override void Validate()
        {
            base.Validate();
            Require(momentum >= 0, $"Invalid momentum value: {Format(momentum)}", nameof(momentum));
            Require(!nesterov || (momentum > 0 && dampening == 0), "Nesterov momentum requires a momentum and zero dampening", nameof(nesterov));
        }
    }

    private protected override void Update(Optim.ParamGroup options, nn.Parameter parameter, Tensor grad, ParameterState state)
    {
        var group = (ParamGroup)options;
        var d_p = group.maximize ? grad.neg() : grad;
        if (group.weight_decay != 0) d_p = d_p.add(parameter, group.weight_decay);
        if (group.momentum != 0)
        {
            Tensor buffer;
            if (state.TryGet(MomentumBuffer, out var existing))
            {
                buffer = existing.mul_(group.momentum).add_(d_p, 1 - group.dampening);
            }
            else
            {
                // The first step starts the buffer at the gradient itself, undamped, as PyTorch does.
                buffer = state.Add(MomentumBuffer, d_p.clone());
            }
            d_p = group.nesterov ? d_p.add(buffer, group.momentum) : buffer;
        }
        parameter.add_(d_p, -group.lr);
    }
}
