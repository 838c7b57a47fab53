"""The zoo's ResNet-based networks as torchvision 0.14 builds them (its code, not a rewrite): SegGen's declarations
must match these by state-dict name, parameter count and output. Every constructor takes (classes, width) like
zoo_nets.NETS; width is ignored (torchvision's ResNets have fixed widths). The models return torchvision's dict
of outputs, 'out' and (aux_loss=True) 'aux'."""
from torchvision.models import segmentation


def _segmentation(builder):
    return lambda classes, width: builder(weights=None, weights_backbone=None, num_classes=classes, aux_loss=True)


TORCHVISION = {
    "FCNResNet50": _segmentation(segmentation.fcn_resnet50),
    "DeepLabV3ResNet50": _segmentation(segmentation.deeplabv3_resnet50),
    "DeepLabV3ResNet101": _segmentation(segmentation.deeplabv3_resnet101),
}

# torchvision's references/segmentation/train.py: the aux loss weighs half.
LOSS_WEIGHTS = {"out": 1.0, "aux": 0.5}
