"""Reference checkpoints for SegGen's PyTorch checkpoint loader, written by PyTorch's own torch.save.
Usage: checkpoint.py OUTPUT_DIRECTORY. Writes there:
  model.pt          state_dict() of a small trained-ish Sequential (an OrderedDict with _metadata)
  protocol4.pt      the same with pickle protocol 4 (FRAME, STACK_GLOBAL, MEMOIZE, SHORT_BINUNICODE)
  keep_vars.pt      the same with state_dict(keep_vars=True): parameters pickled as nn.Parameter
  tensors.pt        a dict of assorted dtypes, a transposed tensor and two tensors sharing one storage
  legacy.pt         model.pt's state dict in the pre-1.6 (non-zip) format
  malicious.pt      a zip checkpoint whose pickle calls os.system (would create OUTPUT_DIRECTORY/pwned)
  expected.safetensors  the model's input and eval-mode output, and tensors.pt's values (contiguous)"""
import os
import sys

import torch
import torch.nn as nn

from safetensors_io import save

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)
torch.manual_seed(0)

model = nn.Sequential(
    nn.Conv2d(3, 8, 3, padding=1),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 4, 1),
)
# Train-mode forwards move BatchNorm's running statistics and num_batches_tracked off their defaults,
# so a loader that dropped or mixed up buffers would change the eval output.
model.train()
with torch.no_grad():
    for _ in range(3):
        model(torch.randn(4, 3, 10, 10) * 2 + 0.5)
model.eval()
torch.save(model.state_dict(), os.path.join(out_dir, "model.pt"))
torch.save(model.state_dict(), os.path.join(out_dir, "protocol4.pt"), pickle_protocol=4)
torch.save(model.state_dict(keep_vars=True), os.path.join(out_dir, "keep_vars.pt"))
torch.save(model.state_dict(), os.path.join(out_dir, "legacy.pt"), _use_new_zipfile_serialization=False)

x = torch.randn(2, 3, 12, 12)
with torch.no_grad():
    y = model(x)

shared = torch.arange(12, dtype=torch.float32).reshape(4, 3)
tensors = {
    "float64": torch.randn(3, 2, dtype=torch.float64),
    "float16": torch.randn(5).half(),
    "bfloat16": torch.randn(5).bfloat16(),
    "int64": torch.tensor([-(2 ** 40), -1, 0, 7, 2 ** 62]),
    "int32": torch.tensor([-(2 ** 31), 0, 2 ** 31 - 1], dtype=torch.int32),
    "int16": torch.tensor([-300, 0, 300], dtype=torch.int16),
    "int8": torch.tensor([-128, 0, 127], dtype=torch.int8),
    "uint8": torch.tensor([0, 1, 255], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True]),
    "scalar": torch.tensor(2.5),
    "transposed": torch.randn(3, 5).t(),
    "shared": shared,
    "shared.tail": shared[1:],
}
assert not tensors["transposed"].is_contiguous()
assert tensors["shared.tail"].storage_offset() == 3
torch.save(tensors, os.path.join(out_dir, "tensors.pt"))


class Exploit:
    def __reduce__(self):
        return os.system, ("touch " + os.path.join(out_dir, "pwned"),)


torch.save({"weight": torch.zeros(1), "payload": Exploit()}, os.path.join(out_dir, "malicious.pt"))

expected = {"input": x, "output": y}
expected.update({"tensors." + name: value for name, value in tensors.items()})
save(os.path.join(out_dir, "expected.safetensors"), expected)
