"""The zoo's networks in plain torch.nn, written from the papers and their Caffe definitions (not from SegGen's
declarations), with the state-dict names of Architectures/Models/*.seg.yaml so that weights transfer by name.
Every constructor takes (classes, width): width is VGG's first stage (64 in the papers)."""
import torch
from torch import nn
import torch.nn.functional as F
from torchvision.models import vgg


def bilinear_(weight):
    """FCN's surgery.interp: a bilinear kernel on each in->out diagonal pair, zero elsewhere."""
    k = weight.shape[2]
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 == 1 else factor - 0.5
    og = torch.arange(k, dtype=torch.float64)
    filt = (1 - (og - center).abs() / factor)
    kernel = (filt[:, None] * filt[None, :]).to(weight.dtype)
    with torch.no_grad():
        weight.zero_()
        for c in range(min(weight.shape[0], weight.shape[1])):
            weight[c, c] = kernel


def frozen_bilinear(channels, k, stride):
    up = nn.ConvTranspose2d(channels, channels, k, stride=stride, bias=False)
    bilinear_(up.weight)
    up.weight.requires_grad_(False)
    return up


VGG16_STAGES = [(1, 2), (2, 2), (4, 3), (8, 3), (8, 3)]  # (channels / width, convolutions)


def vgg16_features(width, conv, pool):
    """torchvision's vgg16().features layout (conv, ReLU, …, pool per stage); conv(stage, index, cin, cout), pool(stage)."""
    layers, cin = [], 3
    for stage, (mult, count) in enumerate(VGG16_STAGES):
        for index in range(count):
            layers += [conv(stage, index, cin, mult * width), nn.ReLU()]
            cin = mult * width
        layers.append(pool(stage))
    return nn.Sequential(*layers)


def crop(x, offset, like):
    return x[:, :, offset:offset + like.shape[2], offset:offset + like.shape[3]]


class FCN(nn.Module):
    """voc-fcn32s/16s/8s: pad=100 on conv1_1, ceil-mode pools, fc6 7x7 / fc7 1x1 with dropout, frozen bilinear upsampling."""

    def __init__(self, classes, width, stride=8, pool4_scale=1.0, pool3_scale=1.0):
        super().__init__()
        self.stride, self.pool4_scale, self.pool3_scale = stride, pool4_scale, pool3_scale
        self.features = vgg16_features(
            width, lambda s, i, cin, cout: nn.Conv2d(cin, cout, 3, padding=100 if s == i == 0 else 1),
            lambda s: nn.MaxPool2d(2, 2, ceil_mode=True))
        self.fc6 = nn.Sequential(nn.Conv2d(8 * width, 64 * width, 7), nn.ReLU(), nn.Dropout(0.5))
        self.fc7 = nn.Sequential(nn.Conv2d(64 * width, 64 * width, 1), nn.ReLU(), nn.Dropout(0.5))
        self.score_fr = nn.Conv2d(64 * width, classes, 1)
        if stride == 32:
            self.upscore = frozen_bilinear(classes, 64, 32)
            return
        self.upscore2 = frozen_bilinear(classes, 4, 2)
        self.score_pool4 = nn.Conv2d(8 * width, classes, 1)
        if stride == 16:
            self.upscore16 = frozen_bilinear(classes, 32, 16)
            return
        self.upscore_pool4 = frozen_bilinear(classes, 4, 2)
        self.score_pool3 = nn.Conv2d(4 * width, classes, 1)
        self.upscore8 = frozen_bilinear(classes, 16, 8)

    def forward(self, x):
        pool3 = self.features[:17](x)
        pool4 = self.features[17:24](pool3)
        h = self.score_fr(self.fc7(self.fc6(self.features[24:](pool4))))
        if self.stride == 32:
            return crop(self.upscore(h), 19, x)
        h = self.upscore2(h)
        h = h + crop(self.score_pool4(pool4 * self.pool4_scale), 5, h)
        if self.stride == 16:
            return crop(self.upscore16(h), 27, x)
        h = self.upscore_pool4(h)
        h = h + crop(self.score_pool3(pool3 * self.pool3_scale), 9, h)
        return crop(self.upscore8(h), 31, x)


class MCDropout(nn.Module):
    """Bayesian SegNet's dropout: on in training and at inference."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        return F.dropout(x, self.p, training=True)


def cbr(cin, cout, conv=nn.Conv2d):
    return [conv(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU()]


def encoder(cin, cout, count, tail=(), ceil_mode=True):
    layers = cbr(cin, cout)
    for _ in range(count - 1):
        layers += cbr(cout, cout)
    return nn.Sequential(*layers, nn.MaxPool2d(2, 2, ceil_mode=ceil_mode, return_indices=True), *tail)


def decoder(channels, conv=nn.Conv2d, tail=()):
    """Unpooling (index 0), then conv+BN+ReLU through the channel list."""
    layers = [nn.MaxUnpool2d(2, 2)]
    for cin, cout in zip(channels, channels[1:]):
        layers += cbr(cin, cout, conv)
    return nn.Sequential(*layers, *tail)


def run_encoder(stage, x):
    """Returns the output, the pool's indices and the pool's input size."""
    indices = size = None
    for layer in stage:
        if isinstance(layer, nn.MaxPool2d):
            size = x.shape[2:]
            x, indices = layer(x)
        else:
            x = layer(x)
    return x, indices, size


def run_decoder(stage, x, indices, size):
    x = stage[0](x, indices, output_size=size)
    return stage[1:](x)


class SegNet(nn.Module):
    """SegNet-Tutorial's segnet_train: VGG16-BN encoder, pool indices carried to a mirrored decoder. With
    dropout=p it is Bayesian SegNet: dropout after encoders 3-5 and decoders 5-3, also at inference. ceil_mode=False
    pools as torch's default (rounding down) instead of Caffe's."""

    def __init__(self, classes, width, dropout=None, ceil_mode=True):
        super().__init__()
        w = width
        mc = (MCDropout(dropout),) if dropout is not None else ()
        self.enc1 = encoder(3, w, 2, ceil_mode=ceil_mode)
        self.enc2 = encoder(w, 2 * w, 2, ceil_mode=ceil_mode)
        self.enc3 = encoder(2 * w, 4 * w, 3, mc, ceil_mode)
        self.enc4 = encoder(4 * w, 8 * w, 3, mc, ceil_mode)
        self.enc5 = encoder(8 * w, 8 * w, 3, mc, ceil_mode)
        self.dec5 = decoder([8 * w, 8 * w, 8 * w, 8 * w], tail=mc)
        self.dec4 = decoder([8 * w, 8 * w, 8 * w, 4 * w], tail=mc)
        self.dec3 = decoder([4 * w, 4 * w, 4 * w, 2 * w], tail=mc)
        self.dec2 = decoder([2 * w, 2 * w, w])
        self.dec1 = decoder([w, w])
        self.dec1.append(nn.Conv2d(w, classes, 3, padding=1))

    def forward(self, x):
        saved = []
        for stage in (self.enc1, self.enc2, self.enc3, self.enc4, self.enc5):
            x, indices, size = run_encoder(stage, x)
            saved.append((indices, size))
        for stage, (indices, size) in zip((self.dec5, self.dec4, self.dec3, self.dec2, self.dec1), reversed(saved)):
            x = run_decoder(stage, x, indices, size)
        return x


class DeconvNet(nn.Module):
    """DeconvNet's deploy net: VGG16 with BN, fc6 7x7 / fc7 1x1, fc6-deconv 7x7, unpooling + 3x3 deconvolutions with BN."""

    def __init__(self, classes, width):
        super().__init__()
        w = width
        self.enc1 = encoder(3, w, 2)
        self.enc2 = encoder(w, 2 * w, 2)
        self.enc3 = encoder(2 * w, 4 * w, 3)
        self.enc4 = encoder(4 * w, 8 * w, 3)
        self.enc5 = encoder(8 * w, 8 * w, 3)
        self.fc6 = nn.Sequential(nn.Conv2d(8 * w, 64 * w, 7), nn.BatchNorm2d(64 * w), nn.ReLU())
        self.fc7 = nn.Sequential(nn.Conv2d(64 * w, 64 * w, 1), nn.BatchNorm2d(64 * w), nn.ReLU())
        self.fc6_deconv = nn.Sequential(nn.ConvTranspose2d(64 * w, 8 * w, 7), nn.BatchNorm2d(8 * w), nn.ReLU())
        deconv = nn.ConvTranspose2d
        self.dec5 = decoder([8 * w, 8 * w, 8 * w, 8 * w], deconv)
        self.dec4 = decoder([8 * w, 8 * w, 8 * w, 4 * w], deconv)
        self.dec3 = decoder([4 * w, 4 * w, 4 * w, 2 * w], deconv)
        self.dec2 = decoder([2 * w, 2 * w, w], deconv)
        self.dec1 = decoder([w, w, w], deconv)
        self.score = nn.Conv2d(w, classes, 1)

    def forward(self, x):
        saved = []
        for stage in (self.enc1, self.enc2, self.enc3, self.enc4, self.enc5):
            x, indices, size = run_encoder(stage, x)
            saved.append((indices, size))
        x = self.fc6_deconv(self.fc7(self.fc6(x)))
        for stage, (indices, size) in zip((self.dec5, self.dec4, self.dec3, self.dec2, self.dec1), reversed(saved)):
            x = run_decoder(stage, x, indices, size)
        return self.score(x)


class DeepLabLargeFOV(nn.Module):
    """DeepLab v1 LargeFOV deploy net: 3x3 pools (stride 2, then 1 for pool4/pool5), dilated conv5, pool5a,
    fc6 3x3 dilation 12 -> 1024, fc7 1x1 1024, fc8; output stride 8."""

    def __init__(self, classes, width):
        super().__init__()
        w = width
        self.features = vgg16_features(
            w, lambda s, i, cin, cout: nn.Conv2d(cin, cout, 3, padding=2, dilation=2) if s == 4 else nn.Conv2d(cin, cout, 3, padding=1),
            lambda s: nn.MaxPool2d(3, 2 if s < 3 else 1, 1, ceil_mode=True))
        self.pool5a = nn.AvgPool2d(3, 1, 1, ceil_mode=True)
        self.fc6 = nn.Sequential(nn.Conv2d(8 * w, 16 * w, 3, padding=12, dilation=12), nn.ReLU(), nn.Dropout(0.5))
        self.fc7 = nn.Sequential(nn.Conv2d(16 * w, 16 * w, 1), nn.ReLU(), nn.Dropout(0.5))
        self.fc8 = nn.Conv2d(16 * w, classes, 1)

    def forward(self, x):
        return self.fc8(self.fc7(self.fc6(self.pool5a(self.features(x)))))


class VGGTrunk(nn.Module):
    """torchvision's own vgg16().features / vgg16_bn().features (its make_layers), with every width scaled by width/64."""

    def __init__(self, width, batch_norm):
        super().__init__()
        self.features = vgg.make_layers([v if v == "M" else v * width // 64 for v in vgg.cfgs["D"]], batch_norm)

    def forward(self, x):
        return self.features(x)


class UNet(nn.Module):
    """U-Net with padded 3x3 convolutions (the output keeps the input's size), 2x2 up-convolutions, and each
    decoder stage concatenating [upsampled, skip] (index 0 of a decoder stage is that concatenation)."""

    def __init__(self, classes, width):
        super().__init__()
        w = width

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU()]

        self.enc1 = nn.Sequential(*block(3, w))
        self.enc2 = nn.Sequential(nn.MaxPool2d(2), *block(w, 2 * w))
        self.enc3 = nn.Sequential(nn.MaxPool2d(2), *block(2 * w, 4 * w))
        self.enc4 = nn.Sequential(nn.MaxPool2d(2), *block(4 * w, 8 * w))
        self.mid = nn.Sequential(nn.MaxPool2d(2), *block(8 * w, 16 * w), nn.ConvTranspose2d(16 * w, 8 * w, 2, 2))
        self.dec4 = nn.Sequential(nn.Identity(), *block(16 * w, 8 * w), nn.ConvTranspose2d(8 * w, 4 * w, 2, 2))
        self.dec3 = nn.Sequential(nn.Identity(), *block(8 * w, 4 * w), nn.ConvTranspose2d(4 * w, 2 * w, 2, 2))
        self.dec2 = nn.Sequential(nn.Identity(), *block(4 * w, 2 * w), nn.ConvTranspose2d(2 * w, w, 2, 2))
        self.dec1 = nn.Sequential(nn.Identity(), *block(2 * w, w), nn.Conv2d(w, classes, 1))

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        e4 = self.enc4(e3)
        x = self.mid(e4)
        for stage, skip in ((self.dec4, e4), (self.dec3, e3), (self.dec2, e2), (self.dec1, e1)):
            x = stage[1:](torch.cat([x, skip], 1))
        return x


NETS = {
    "FCN32s": lambda c, w: FCN(c, w, stride=32),
    "FCN16s": lambda c, w: FCN(c, w, stride=16),
    "FCN8s": lambda c, w: FCN(c, w, stride=8),
    "FCN8sAtOnce": lambda c, w: FCN(c, w, stride=8, pool4_scale=0.01, pool3_scale=0.0001),
    "SegNet": lambda c, w: SegNet(c, w),
    "SegNetFloor": lambda c, w: SegNet(c, w, ceil_mode=False),
    "BayesianSegNet": lambda c, w: SegNet(c, w, dropout=0.5),
    "DeconvNet": DeconvNet,
    "DeepLabLargeFOV": DeepLabLargeFOV,
    "UNet": UNet,
    "VGG16": lambda c, w: VGGTrunk(w, batch_norm=False),
    "VGG16BN": lambda c, w: VGGTrunk(w, batch_norm=True),
}
