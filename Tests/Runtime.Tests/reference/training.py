"""Reference values for SegGen's data transforms and training loss, computed by PyTorch.

Usage: training.py OUTPUT.safetensors
  "scale/input"          image [1, 3, 7, 9] float32, (arange % 17) / 16, and "scale/mask" [7, 9] int64, arange % 5
  "scale/SIZE/image"     F.interpolate(image, SIZE, bilinear, align_corners=False)[0] for SIZE 11x14 and 4x5
  "scale/SIZE/mask"      F.interpolate(mask, SIZE, nearest) as int64
  "loss/logits"          [2, 4, 5, 6] randn (seed 0), "loss/target" [2, 5, 6] classes 0-3 with 255 in column 0,
  "loss/weight"          [4] class weights, "loss/aux" [2, 4, 3, 3] randn
  "loss/main"            F.cross_entropy(logits, target, weight, ignore_index=255)
  "loss/total"           main + 0.4 * F.cross_entropy(bilinear(aux to 5x6), target, weight, ignore_index=255)
"""
import sys

import torch
import torch.nn.functional as F

from safetensors_io import save

out = {}
image = (torch.arange(3 * 7 * 9, dtype=torch.float32) % 17 / 16).reshape(1, 3, 7, 9)
mask = (torch.arange(7 * 9) % 5).reshape(1, 1, 7, 9).float()
out["scale/input"] = image
out["scale/mask"] = mask[0, 0].long()
for h, w in [(11, 14), (4, 5)]:
    out[f"scale/{h}x{w}/image"] = F.interpolate(image, (h, w), mode="bilinear", align_corners=False)[0]
    out[f"scale/{h}x{w}/mask"] = F.interpolate(mask, (h, w), mode="nearest")[0, 0].long()

torch.manual_seed(0)
logits = torch.randn(2, 4, 5, 6)
target = torch.randint(0, 4, (2, 5, 6))
target[:, :, 0] = 255
weight = torch.tensor([0.5, 1.0, 2.0, 1.5])
aux = torch.randn(2, 4, 3, 3)
main = F.cross_entropy(logits, target, weight=weight, ignore_index=255)
aux_up = F.interpolate(aux, (5, 6), mode="bilinear", align_corners=False)
out.update({
    "loss/logits": logits, "loss/target": target, "loss/weight": weight, "loss/aux": aux,
    "loss/main": main, "loss/total": main + 0.4 * F.cross_entropy(aux_up, target, weight=weight, ignore_index=255),
})
save(sys.argv[1], {k: v.contiguous() for k, v in out.items()})
