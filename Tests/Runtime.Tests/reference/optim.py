"""Reference values for SegGen.Torch's torch.optim and torch.optim.lr_scheduler, from PyTorch 1.13.
Usage: optim.py OUTPUT.safetensors.

Optimizers: two parameters start from the saved "initial.p<i>" and receive the saved gradients
"grad.step<k>.p<i>" (except in "adam_skip", where parameter 1 has no gradient at step 2); the
parameters are saved after every step as "<config>.step<k>.p<i>".
Schedulers: an SGD with two groups (lr 0.1 and 1.0) is stepped; "lr.<config>" holds get_last_lr()
after construction and after each step, shape [steps + 1, groups], float64."""
import sys
import warnings

import torch

from safetensors_io import save

# The loops below step schedulers without an optimizer update on purpose; PyTorch warns about that.
warnings.filterwarnings("ignore", category=UserWarning)

STEPS = 6
SCHEDULE_STEPS = 25
out = {}

torch.manual_seed(0)
initial = [torch.randn(4, 3), torch.randn(5)]
grads = [[torch.randn_like(p) * (1 + k % 3) for p in initial] for k in range(STEPS)]
# In the "adam_skip" configuration, parameter 1 has no gradient at step 2.
SKIPPED = (2, 1)
for i, p in enumerate(initial):
    out[f"initial.p{i}"] = p
for k, step_grads in enumerate(grads):
    for i, g in enumerate(step_grads):
        out[f"grad.step{k}.p{i}"] = g

OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum_dampening": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1),
    "sgd_nesterov_weight_decay": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-2),
    "sgd_maximize": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5, maximize=True),
    "sgd_groups": lambda ps: torch.optim.SGD(
        [{"params": [ps[0]]}, {"params": [ps[1]], "lr": 0.5, "weight_decay": 0.0}],
        lr=0.05, momentum=0.9, weight_decay=1e-4),
    "adam": lambda ps: torch.optim.Adam(ps, lr=1e-2),
    "adam_amsgrad_weight_decay": lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.1),
    "adam_skip": lambda ps: torch.optim.Adam(ps, lr=1e-2),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=1e-2),
    "adamw_amsgrad_maximize": lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.1, amsgrad=True, maximize=True),
}

for name, make in OPTIMIZERS.items():
    params = [torch.nn.Parameter(p.clone()) for p in initial]
    optimizer = make(params)
    for k in range(STEPS):
        for i, p in enumerate(params):
            p.grad = None if name == "adam_skip" and (k, i) == SKIPPED else grads[k][i].clone()
        optimizer.step()
        for i, p in enumerate(params):
            out[f"{name}.step{k}.p{i}"] = p.detach().clone()


def schedule_optimizer():
    return torch.optim.SGD([{"params": [torch.nn.Parameter(torch.zeros(1))]},
                            {"params": [torch.nn.Parameter(torch.zeros(1))], "lr": 1.0}], lr=0.1)


def warmup(o):
    return torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=5)


S = torch.optim.lr_scheduler
SCHEDULERS = {
    "steplr": lambda o: S.StepLR(o, step_size=3, gamma=0.5),
    "cosine": lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=1e-3),
    "poly": lambda o: S.PolynomialLR(o, total_iters=20, power=0.9),
    "linear": warmup,
    "linear_to_end_factor": lambda o: S.LinearLR(o, start_factor=0.25, end_factor=0.75, total_iters=4),
    "warmup_poly": lambda o: S.SequentialLR(o, [warmup(o), S.PolynomialLR(o, total_iters=20, power=0.9)], milestones=[5]),
    "warmup_cosine": lambda o: S.SequentialLR(o, [warmup(o), S.CosineAnnealingLR(o, T_max=15, eta_min=1e-4)], milestones=[5]),
}

for name, make in SCHEDULERS.items():
    optimizer = schedule_optimizer()
    scheduler = make(optimizer)
    lrs = [scheduler.get_last_lr()]
    for _ in range(SCHEDULE_STEPS):
        optimizer.step()
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
    out[f"lr.{name}"] = torch.tensor(lrs, dtype=torch.float64)

# DeepLab's closed form, base_lr * (1 - it / max_it) ** power, for the closed-form PolynomialLR.
out["lr.poly_closed_form"] = torch.tensor(
    [[base * (1.0 - min(k, 20) / 20) ** 0.9 for base in (0.1, 1.0)] for k in range(SCHEDULE_STEPS + 1)],
    dtype=torch.float64)

save(sys.argv[1], out)
