using System;
using System.Collections.Generic;
using static SegGen.Torch.torch;

namespace SegGen.Torch.Optim;

/// <summary>
/// Adam, with optional AMSGrad and L2 weight decay: PyTorch 1.13's single-tensor <c>Adam</c>, op for
/// op. <see cref="AdamW"/> is the same update with the weight decay decoupled from the gradient.
/// </summary>
public class Adam : Optimizer
{
    private const string ExpAvg = "exp_avg";
    private const string ExpAvgSq = "exp_avg_sq";
    private const string MaxExpAvgSq = "max_exp_avg_sq";

    private readonly bool decoupledWeightDecay;

    internal Adam(IEnumerable<ParamGroup> param_groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
        : this(param_groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupledWeightDecay: false)
    {
    }

    private protected Adam(IEnumerable<ParamGroup> param_groups, double lr, double beta1, double beta2, double eps, double weight_decay,
        bool amsgrad, bool maximize, bool decoupledWeightDecay)
        : base(new ParamGroup([]) { lr = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize },
            param_groups) =>
        this.decoupledWeightDecay = decoupledWeightDecay;

    /// <summary>Adam's (and AdamW's) options for some parameters; those not set take the optimizer's.</summary>
    public sealed class ParamGroup(IEnumerable<nn.Parameter> parameters) : Optim.ParamGroup(parameters)
    {
        public double beta1 { get => Get(); set => Set(value); }

        public double beta2 { get => Get(); set => Set(value); }

        public double eps { get => Get(); set => Set(value); }

        /// <summary>Divide by the largest second moment so far (AMSGrad) rather than the current one.</summary>
        public bool amsgrad { get => GetFlag(); set => SetFlag(value); }

        internal override void Validate()
        {
            base.Validate();
            Require(eps >= 0, $"Invalid epsilon value: {Format(eps)}", nameof(eps));
            Require(beta1 >= 0 && beta1 < 1, $"Invalid beta parameter at index 0: {Format(beta1)}", nameof(beta1));
            Require(beta2 >= 0 && beta2 < 1, $"Invalid beta parameter at index 1: {Format(beta2)}", nameof(beta2));
        }
    }

    private protected override void Update(Optim.ParamGroup options, nn.Parameter parameter, Tensor grad, ParameterState state)
    {
        var group = (ParamGroup)options;
        if (state.IsEmpty) InitializeState(state, parameter, group.amsgrad);
        var step_t = state[StepKey];
        var exp_avg = state[ExpAvg];
        var exp_avg_sq = state[ExpAvgSq];

        if (group.maximize) grad = grad.neg();
        step_t.add_(1);
        if (decoupledWeightDecay) parameter.mul_(1 - group.lr * group.weight_decay);
        else if (group.weight_decay != 0) grad = grad.add(parameter, group.weight_decay);

        exp_avg.mul_(group.beta1).add_(grad, 1 - group.beta1);
        exp_avg_sq.mul_(group.beta2).addcmul_(grad, grad, 1 - group.beta2);

        // PyTorch reads the float32 step back as a Python float and does this scalar math in double.
        var step = step_t.item<double>();
        var bias_correction1 = 1 - Math.Pow(group.beta1, step);
        var bias_correction2 = 1 - Math.Pow(group.beta2, step);
        var step_size = group.lr / bias_correction1;
        var bias_correction2_sqrt = Math.Sqrt(bias_correction2);

        var second_moment = exp_avg_sq;
        if (group.amsgrad)
        {
            var max_exp_avg_sq = state[MaxExpAvgSq];
            max_exp_avg_sq.copy_(max_exp_avg_sq.maximum(exp_avg_sq));
            second_moment = max_exp_avg_sq;
        }
        var denom = second_moment.sqrt().div_(bias_correction2_sqrt).add_(group.eps);
        parameter.addcdiv_(exp_avg, denom, -step_size);
    }

    private static void InitializeState(ParameterState state, nn.Parameter parameter, bool amsgrad)
    {
        // A float32 scalar like PyTorch's, so a saved state has PyTorch's layout (exact up to 2^24 steps).
        state.Add(StepKey, tensor(0f));
        state.Add(ExpAvg, zeros_like(parameter));
        state.Add(ExpAvgSq, zeros_like(parameter));
        if (amsgrad) state.Add(MaxExpAvgSq, zeros_like(parameter));
    }
}
