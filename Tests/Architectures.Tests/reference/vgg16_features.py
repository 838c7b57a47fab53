"""torchvision 0.14's vgg16() convolution weights (features.*), seeded and untrained, for the test that they load
by name into the zoo's VGG16 trunks. Usage: vgg16_features.py OUTPUT.safetensors."""
import sys

import torch
import torchvision

from safetensors_io import save

torch.manual_seed(0)
features = torchvision.models.vgg16(weights=None).features
save(sys.argv[1], {"features." + name: value for name, value in features.state_dict().items()})
