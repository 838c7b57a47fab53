using System.Collections.Generic;
using SegGen.Torch.Optim;

namespace SegGen.Torch;

// Optimizer factories with PyTorch's argument names and defaults (Adam's betas as beta1, beta2, as TorchSharp).
// Each takes either parameters (one group) or groups whose unset options take the values given here.
public static partial class torch
{
    public static partial class optim
    {
        public static SGD SGD(IEnumerable<nn.Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            SGD([new SGD.ParamGroup(parameters)], lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static SGD SGD(IEnumerable<SGD.ParamGroup> param_groups, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
            new(param_groups, lr, momentum, dampening, weight_decay, nesterov, maximize);

        public static Adam Adam(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            Adam([new Adam.ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        public static Adam Adam(IEnumerable<Adam.ParamGroup> param_groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
            new(param_groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        public static AdamW AdamW(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false, bool maximize = false) =>
            AdamW([new Adam.ParamGroup(parameters)], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

        public static AdamW AdamW(IEnumerable<Adam.ParamGroup> param_groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false, bool maximize = false) =>
            new(param_groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
    }
}
