"""Rewrites a safetensors state dict as PyTorch's torch.save zip file: torch_save.py SRC.safetensors DST.pt"""
import sys

import torch

import safetensors_io

torch.save(safetensors_io.load(sys.argv[1]), sys.argv[2])
