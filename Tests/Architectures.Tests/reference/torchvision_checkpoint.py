"""A torchvision segmentation model's state dict as torch.save writes it (a .pt checkpoint), seeded and untrained,
for the tests that it loads by name into the zoo's model and that a broken one is reported key by key.
Usage: torchvision_checkpoint.py MODEL OUTPUT.pt [broken]
  MODEL: a key of torchvision_zoo.TORCHVISION (21 classes, aux head); broken: without aux_classifier.4.bias,
  and with classifier.4.weight for 10 classes instead of 21."""
import sys

import torch

from torchvision_zoo import TORCHVISION


def main(model, path, *broken):
    torch.manual_seed(0)
    state = TORCHVISION[model](21, 0).state_dict()
    if broken:
        del state["aux_classifier.4.bias"]
        state["classifier.4.weight"] = state["classifier.4.weight"][:10].clone()
    torch.save(state, path)


if __name__ == "__main__":
    main(*sys.argv[1:])
