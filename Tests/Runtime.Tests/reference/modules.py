"""Reference for SegGen.Torch's nn modules: default initialisation under a seed, state_dict names and
order for a nested model, and train/eval forward. Usage: modules.py OUTPUT.safetensors."""
import sys

import torch
from torch import nn

from safetensors_io import save


class Net(nn.Module):
    """A nested model whose state_dict keys are what SegGen must reproduce."""

    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2))
        self.up = nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1, bias=False)
        self.head = nn.Conv2d(4, 5, 1)

    def forward(self, x):
        return self.head(self.up(self.backbone(x)))


out = {}
torch.manual_seed(0)
net = Net()
for name, value in net.state_dict().items():
    out["init." + name] = value.clone()

x = torch.randn(2, 3, 10, 12)
out["input"] = x
net.train()
out["train.output"] = net(x).detach()
for name, value in net.state_dict().items():
    out["after_train." + name] = value.clone()
net.eval()
out["eval.output"] = net(x).detach()

save(sys.argv[1], out)
