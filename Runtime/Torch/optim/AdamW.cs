using System.Collections.Generic;

namespace SegGen.Torch.Optim;

/// <summary>
/// AdamW: Adam whose weight decay shrinks the parameters directly (<c>p *= 1 - lr·weight_decay</c>)
/// instead of being added to the gradient, as PyTorch 1.13's <c>AdamW</c>. Its groups are
/// <see cref="Adam.ParamGroup"/>s.
/// </summary>
public sealed class AdamW : Adam
{
    internal AdamW(IEnumerable<ParamGroup> param_groups, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad, bool maximize)
        : base(param_groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupledWeightDecay: true)
    {
    }
}
