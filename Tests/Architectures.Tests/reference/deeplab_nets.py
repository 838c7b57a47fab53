"""DeepLab v2 (ASPP-L) and DeepLabV3+ in plain torch.nn, on torchvision's own dilated ResNets and ASPP, with the heads
written from the papers (Chen et al. 2017, 2018) and the state-dict names of Architectures/Models/DeepLabV2.seg.yaml and
DeepLabV3Plus.seg.yaml. Each constructor takes (classes, width) like zoo_nets's; the ResNets have no width."""
import torch
from torch import nn
import torch.nn.functional as F
from torchvision.models import resnet50, resnet101
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.models.segmentation.deeplabv3 import ASPP


def cbr(cin, cout, k):
    return [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class DeepLabV2(nn.Module):
    """ResNet-101 at output stride 8; four 3x3 convolutions to the classes, rates 6, 12, 18, 24, summed (ASPP-L)."""

    def __init__(self, classes, width=None):
        super().__init__()
        self.backbone = IntermediateLayerGetter(resnet101(replace_stride_with_dilation=[False, True, True]), {"layer4": "out"})
        self.aspp = nn.ModuleList(nn.Conv2d(2048, classes, 3, padding=rate, dilation=rate) for rate in (6, 12, 18, 24))

    def forward(self, x):
        features = self.backbone(x)["out"]
        return sum(branch(features) for branch in self.aspp)


class DeepLabV3Plus(nn.Module):
    """ResNet-50 at output stride 16, ASPP (rates 6, 12, 18; 256 channels); the decoder reduces layer1 to 48 channels,
    joins it with the ASPP output resized to layer1's size, refines with two 3x3 convolutions and resizes the scores."""

    def __init__(self, classes, width=None):
        super().__init__()
        self.backbone = IntermediateLayerGetter(resnet50(replace_stride_with_dilation=[False, False, True]), {"layer1": "low", "layer4": "out"})
        self.aspp = ASPP(2048, [6, 12, 18], 256)
        self.low_level = nn.Sequential(*cbr(256, 48, 1))
        self.decoder = nn.Sequential(*cbr(256 + 48, 256, 3), *cbr(256, 256, 3))
        self.classifier = nn.Conv2d(256, classes, 1)

    def forward(self, x):
        features = self.backbone(x)
        low = features["low"]
        pyramid = F.interpolate(self.aspp(features["out"]), size=low.shape[-2:], mode="bilinear", align_corners=False)
        scores = self.classifier(self.decoder(torch.cat([pyramid, self.low_level(low)], 1)))
        return F.interpolate(scores, size=x.shape[-2:], mode="bilinear", align_corners=False)


NETS = {
    "DeepLabV2": DeepLabV2,
    "DeepLabV3Plus": DeepLabV3Plus,
}
