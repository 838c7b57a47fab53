"""Reference values for the zoo's parity and contract tests, from zoo_nets.py's PyTorch networks and torchvision's
(torchvision_zoo.py).

  zoo.py MODEL CLASSES WIDTH OUT.safetensors parity HxW [HxW …]
      seeded random weights (and batch-norm statistics) as param.*; for each size an input (input.HxW) and the
      eval-mode outputs (eval.HxW.NAME: 'out' for a single output, torchvision's dict keys otherwise); for the first
      size one training step: train.input, train.target, train.loss (LOSS_WEIGHTS over the outputs, as
      train.weight.NAME), grad.*.
  zoo.py MODEL CLASSES WIDTH OUT.safetensors eval HxW [HxW …]
      parity's weights, inputs and eval-mode outputs only, for one image (large sizes: two threads, no training step).
  zoo.py MODEL CLASSES WIDTH OUT.safetensors sweep FROM TO
      for each square size FROM…TO whether the eval-mode forward runs (sweep.height/width: output size, -1 if not).
  zoo.py MODEL CLASSES WIDTH OUT.safetensors macs HxW
      multiply-accumulates of the convolutions and deconvolutions for one image of that size (macs), counted by hooks.
Every forward is preceded by torch.manual_seed(100 + i) so that dropout kept on at inference draws what SegGen draws."""
import sys

import torch
import torch.nn.functional as F

from deeplab_nets import NETS as DEEPLAB_NETS
from safetensors_io import save
from torchvision_zoo import LOSS_WEIGHTS, TORCHVISION
from zoo_nets import NETS as ZOO_NETS

NETS = {**ZOO_NETS, **DEEPLAB_NETS}

MODELS = {**NETS, **TORCHVISION}


def build(model, classes, width):
    torch.manual_seed(0)
    net = MODELS[model](classes, width)
    with torch.no_grad():
        for name, buffer in net.named_buffers():
            if name.endswith("running_mean"):
                buffer.copy_(torch.randn_like(buffer) * 0.1)
            elif name.endswith("running_var"):
                buffer.copy_(torch.rand_like(buffer) + 0.5)
    return net


def named(outputs):
    """A model's outputs by name: torchvision's dict as it is, a single tensor as 'out'."""
    return outputs if isinstance(outputs, dict) else {"out": outputs}


def evaluate(net, sizes, batch, out):
    for name, value in net.state_dict().items():
        out["param." + name] = value.clone()
    net.eval()
    for i, (h, w) in enumerate(sizes):
        x = torch.randn(batch, 3, h, w)
        torch.manual_seed(100 + i)
        with torch.no_grad():
            out[f"input.{h}x{w}"] = x
            for name, value in named(net(x)).items():
                out[f"eval.{h}x{w}.{name}"] = value


def parity(net, classes, sizes, out):
    evaluate(net, sizes, 2, out)
    h, w = sizes[0]
    x = torch.randn(2, 3, h, w)
    net.train()
    torch.manual_seed(100 + len(sizes))
    outputs = named(net(x))
    target = torch.randint(0, classes, (2,) + tuple(outputs["out"].shape[2:]))
    loss = sum(LOSS_WEIGHTS.get(name, 1.0) * F.cross_entropy(logits, target) for name, logits in outputs.items())
    loss.backward()
    out["train.input"], out["train.target"], out["train.loss"] = x, target, loss.detach()
    for name in outputs:
        out[f"train.weight.{name}"] = torch.tensor(LOSS_WEIGHTS.get(name, 1.0))
    for name, parameter in net.named_parameters():
        if parameter.grad is not None:
            out["grad." + name] = parameter.grad


def sweep(net, first, last, out):
    net.eval()
    sizes, heights, widths = [], [], []
    for i, size in enumerate(range(first, last + 1)):
        torch.manual_seed(100 + i)
        try:
            with torch.no_grad():
                shape = named(net(torch.zeros(1, 3, size, size)))["out"].shape
            heights.append(shape[2])
            widths.append(shape[3])
        except RuntimeError:
            heights.append(-1)
            widths.append(-1)
        sizes.append(size)
    out["sweep.size"] = torch.tensor(sizes)
    out["sweep.height"] = torch.tensor(heights)
    out["sweep.width"] = torch.tensor(widths)


def macs(net, size, out):
    """Counts each (de)convolution's weights times the positions it computes (conv: output, deconv: input)."""
    total = []

    def count(module, inputs, output):
        weights = module.weight.numel()
        positions = (output if isinstance(module, torch.nn.Conv2d) else inputs[0]).shape[2:].numel()
        total.append(weights * positions)

    for module in net.modules():
        if isinstance(module, (torch.nn.Conv2d, torch.nn.ConvTranspose2d)):
            module.register_forward_hook(count)
    h, w = (int(v) for v in size.split("x"))
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 3, h, w))
    out["macs"] = torch.tensor(sum(total))


def main(model, classes, width, path, mode, *args):
    torch.set_num_threads(1)
    net = build(model, int(classes), int(width))
    out = {}
    sizes = [tuple(int(v) for v in s.split("x")) for s in args] if mode in ("parity", "eval") else None
    if mode == "parity":
        parity(net, int(classes), sizes, out)
    elif mode == "eval":
        torch.set_num_threads(2)
        evaluate(net, sizes, 1, out)
    elif mode == "macs":
        macs(net, args[0], out)
    else:
        sweep(net, int(args[0]), int(args[1]), out)
    save(path, out)


if __name__ == "__main__":
    main(*sys.argv[1:])
