"""Checks a safetensors file that SegGen wrote in chunks: safetensors_check.py FILE.
Each tensor must equal the one built here the same way (SafetensorsTests builds them in C#); prints "ok",
or exits 1 naming the first that differs."""
import sys

import torch

from safetensors_io import load

expected = {
    # More than one 4 MiB chunk, and not a whole number of them.
    "float32": torch.arange(1_500_000, dtype=torch.float32).reshape(1500, 1000),
    # Non-contiguous: written as the transpose's row-major elements.
    "transposed": torch.arange(1_200_000, dtype=torch.float64).reshape(1000, 1200).t(),
    # One element past a whole chunk.
    "int8": (torch.arange(4 * 1024 * 1024 + 1) % 256 - 128).to(torch.int8),
    "scalar": torch.tensor(2.5),
}

loaded = load(sys.argv[1])
if list(loaded) != list(expected):
    sys.exit(f"names {list(loaded)}, expected {list(expected)}")
for name, tensor in expected.items():
    if loaded[name].dtype != tensor.dtype or not torch.equal(loaded[name], tensor):
        sys.exit(f"{name} differs: {loaded[name].dtype} {list(loaded[name].shape)}, expected {tensor.dtype} {list(tensor.shape)}")
print("ok")
