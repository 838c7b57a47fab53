"""Reference values for SegGen.Torch's tensor ops and nn.functional, from PyTorch on the same libtorch.
Usage: ops.py OUTPUT.safetensors. Inputs are saved beside the outputs so SegGen runs on the same numbers;
random-draw cases re-seed so SegGen can reproduce the draws with manual_seed."""
import sys

import torch
import torch.nn.functional as F

from safetensors_io import save

torch.manual_seed(0)
out = {}


def put(name, value):
    out[name] = value.detach().clone() if isinstance(value, torch.Tensor) else torch.tensor(value)


# ---- random draws from the global generator -----------------------------------------------
torch.manual_seed(42)
put("rand", torch.rand(3, 4))
put("randn", torch.randn(2, 5))
put("randint", torch.randint(3, 9, (4, 4)))
put("rand.f64", torch.rand(3, dtype=torch.float64))

# ---- creation -------------------------------------------------------------------------------
put("arange.int", torch.arange(0, 10, 3))
put("arange.float", torch.arange(0.0, 1.0, 0.25))
put("full.int", torch.full((2, 2), 7))
put("full.float", torch.full((2, 2), 0.5))

# ---- shape ops ------------------------------------------------------------------------------
x = torch.randn(2, 3, 4, 5)
put("shape.x", x)
put("view", x.view(6, 20))
put("reshape", x.permute(0, 2, 1, 3).reshape(8, 15))
put("permute", x.permute(0, 2, 3, 1).contiguous())
put("narrow", x.narrow(2, 1, 2))
put("select", x.select(1, 2))
put("slice", x[:, :, :, 1:5:2])
put("index", x[1, ..., 2:])
put("index.negative", x[-1, :, -2])
put("squeeze", x[:, :1].squeeze(1))
put("unsqueeze", x.unsqueeze(-1))
put("expand", x[:, :1].expand(2, 3, 4, 5))
put("flip", x.flip(2, 3))
put("transpose", x.transpose(1, 3))
put("flatten", x.flatten(1))

# ---- element-wise ---------------------------------------------------------------------------
a, b = torch.randn(3, 4), torch.randn(3, 4)
i = torch.randint(-5, 5, (3, 4))
put("a", a)
put("b", b)
put("i", i)
put("add", a + b)
put("add.alpha", torch.add(a, b, alpha=-0.5))
put("sub", a - b)
put("mul", a * b)
put("div", a / b)
put("pow", a.abs().pow(1.5))
put("add.scalar", a + 2.5)
put("int.add.int", i + 2)
put("int.add.float", i + 0.5)
put("int.div", i / 2)
put("rsub", 1 - a)
put("maximum", torch.maximum(a, b))
put("minimum", torch.minimum(a, b))
put("remainder", torch.remainder(i, 3))
put("neg", -a)
put("exp", a.exp())
put("log", a.abs().log())
put("sqrt", a.abs().sqrt())
put("sigmoid", a.sigmoid())
put("tanh", a.tanh())
put("relu", a.relu())
put("abs", a.abs())
put("floor", (a * 3).floor())
put("round", (a * 3).round())
put("eq", i.eq(0))
put("ne", i.ne(0))
put("lt", a < b)
put("le", a <= 0)
put("gt", a > b)
put("ge", a >= 0)
put("where", torch.where(a > 0, a, b))
put("clamp", a.clamp(-0.5, 0.5))
put("clamp.min", a.clamp(min=0))
put("clamp.int", i.clamp(-2, 2))
m1, m2 = torch.randn(3, 4), torch.randn(4, 5)
put("m1", m1)
put("m2", m2)
put("matmul", m1 @ m2)
c = a.clone()
c.add_(b, alpha=2).mul_(0.5).sub_(1).div_(b.abs() + 1)
put("inplace.chain", c)
d = a.clone()
d.addcmul_(a, b, value=0.3).addcdiv_(a, b.abs() + 1, value=-0.2)
put("inplace.addc", d)

# ---- reductions and joins -------------------------------------------------------------------
put("sum", a.sum())
put("sum.dim", x.sum(1, keepdim=True))
put("mean.dims", x.mean((1, 2)))
put("max", a.max())
values, indices = a.max(1)
put("max.dim.values", values)
put("max.dim.indices", indices)
put("argmax", x.argmax(1))
put("argmax.all", a.argmax())
labels = torch.randint(0, 5, (20,))
weights = torch.rand(20)
put("labels", labels)
put("weights", weights)
put("bincount", torch.bincount(labels, minlength=7))
put("bincount.weights", torch.bincount(labels, weights=weights))
put("cat", torch.cat([a, b, a], 1))
put("stack", torch.stack([a, b], 0))
put("softmax", x.softmax(1))
put("log_softmax", x.log_softmax(1))
put("one_hot", F.one_hot(labels[:6], 5))

# ---- nn.functional --------------------------------------------------------------------------
cx, cw, cb = torch.randn(2, 4, 9, 11), torch.randn(6, 2, 3, 3), torch.randn(6)
put("conv.x", cx)
put("conv.w", cw)
put("conv.b", cb)
put("conv2d", F.conv2d(cx, cw, cb, stride=2, padding=1, dilation=2, groups=2))
put("conv2d.nobias", F.conv2d(cx, cw[:, :, :2], None, stride=(1, 2), padding=(0, 1), groups=2))

tx, tw, tb = torch.randn(2, 4, 5, 6), torch.randn(4, 3, 3, 3), torch.randn(3)
put("deconv.x", tx)
put("deconv.w", tw)
put("deconv.b", tb)
put("conv_transpose2d", F.conv_transpose2d(tx, tw, tb, stride=2, padding=1, output_padding=1))
put("conv_transpose2d.dilated", F.conv_transpose2d(tx, tw, None, stride=3, padding=0, dilation=2))

bx, bw, bb = torch.randn(4, 3, 5, 5), torch.randn(3), torch.randn(3)
rm, rv = torch.randn(3), torch.rand(3) + 0.5
put("bn.x", bx)
put("bn.w", bw)
put("bn.b", bb)
put("bn.rm", rm)
put("bn.rv", rv)
put("bn.eval", F.batch_norm(bx, rm, rv, bw, bb, training=False, eps=1e-5))
rm_t, rv_t = rm.clone(), rv.clone()
put("bn.train", F.batch_norm(bx, rm_t, rv_t, bw, bb, training=True, momentum=0.1, eps=1e-5))
put("bn.train.rm", rm_t)
put("bn.train.rv", rv_t)

px = torch.randn(2, 3, 11, 14)
put("pool.x", px)
pooled, pool_indices = F.max_pool2d(px, 3, stride=2, padding=1, ceil_mode=True, return_indices=True)
put("max_pool2d", pooled)
put("max_pool2d.indices", pool_indices)
put("max_pool2d.floor", F.max_pool2d(px, 2))
pooled2, indices2 = F.max_pool2d(px, 2, return_indices=True)
put("max_unpool2d", F.max_unpool2d(pooled2, indices2, 2, output_size=(11, 14)))
put("max_unpool2d.default", F.max_unpool2d(pooled2, indices2, 2))
put("avg_pool2d", F.avg_pool2d(px, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
put("avg_pool2d.plain", F.avg_pool2d(px, 2))
put("adaptive_avg_pool2d", F.adaptive_avg_pool2d(px, (3, 4)))
put("gap", F.adaptive_avg_pool2d(px, 1))
put("interpolate.nearest.size", F.interpolate(px, size=(7, 20), mode="nearest"))
put("interpolate.bilinear.scale", F.interpolate(px, scale_factor=2.5, mode="bilinear", align_corners=False))
put("interpolate.bilinear.aligned", F.interpolate(px, size=(21, 9), mode="bilinear", align_corners=True))
put("interpolate.nearest.scale", F.interpolate(px, scale_factor=2, mode="nearest"))
put("pad.constant", F.pad(px, (1, 2, 3, 0), value=-1.5))
put("pad.reflect", F.pad(px, (2, 1, 0, 3), mode="reflect"))
put("pad.replicate", F.pad(px, (2, 1, 0, 3), mode="replicate"))

logits = torch.randn(3, 5, 4, 6)
target = torch.randint(0, 5, (3, 4, 6))
target[0, 0, :3] = 255
class_weights = torch.rand(5) + 0.5
put("ce.logits", logits)
put("ce.target", target)
put("ce.weight", class_weights)
put("cross_entropy", F.cross_entropy(logits, target, weight=class_weights, ignore_index=255))
put("cross_entropy.sum", F.cross_entropy(logits, target, ignore_index=255, reduction="sum"))
put("cross_entropy.none", F.cross_entropy(logits, target, ignore_index=255, reduction="none"))
put("cross_entropy.smooth", F.cross_entropy(logits, target.clamp(max=4), label_smoothing=0.1))
put("nll_loss", F.nll_loss(logits.log_softmax(1), target, weight=class_weights, ignore_index=255))

dx = torch.randn(2, 4, 6, 6)
put("dropout.x", dx)
torch.manual_seed(7)
put("dropout", F.dropout(dx, 0.3, training=True))
torch.manual_seed(7)
put("dropout2d", F.dropout2d(dx, 0.5, training=True))

# ---- gradients: loss = sum(op(...) * g) -----------------------------------------------------
def grads(name, fn, *inputs):
    leaves = [t.detach().clone().requires_grad_(True) for t in inputs]
    result = fn(*leaves)
    g = torch.randn_like(result)
    (result * g).sum().backward()
    put(name + ".g", g)
    for k, leaf in enumerate(leaves):
        put(f"{name}.grad{k}", leaf.grad)


grads("grad.conv2d", lambda x_, w_, b_: F.conv2d(x_, w_, b_, stride=2, padding=1, dilation=2, groups=2), cx, cw, cb)
grads("grad.conv_transpose2d", lambda x_, w_, b_: F.conv_transpose2d(x_, w_, b_, stride=2, padding=1, output_padding=1), tx, tw, tb)
grads("grad.batch_norm", lambda x_, w_, b_: F.batch_norm(x_, None, None, w_, b_, training=True), bx, bw, bb)
grads("grad.max_pool2d", lambda x_: F.max_pool2d(x_, 3, stride=2, padding=1, ceil_mode=True), px)
grads("grad.max_unpool2d", lambda x_: F.max_unpool2d(x_, indices2, 2, output_size=(11, 14)), pooled2)
grads("grad.interpolate", lambda x_: F.interpolate(x_, scale_factor=2.5, mode="bilinear", align_corners=False), px)
grads("grad.avg_pool2d", lambda x_: F.avg_pool2d(x_, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), px)
ce_leaf = logits.detach().clone().requires_grad_(True)
F.cross_entropy(ce_leaf, target, weight=class_weights, ignore_index=255).backward()
put("grad.cross_entropy", ce_leaf.grad)

# ---- a convolution followed by eval-mode batch norm: what folding the two must give ---------------
fw, fb, fm, fv = torch.randn(6), torch.randn(6), torch.randn(6), torch.rand(6) + 0.5
put("fold.w", fw)
put("fold.b", fb)
put("fold.rm", fm)
put("fold.rv", fv)
put("fold.eval", F.batch_norm(F.conv2d(cx, cw, cb, stride=2, padding=1, dilation=2, groups=2), fm, fv, fw, fb, training=False, eps=1e-5))
# ... and with a residual added and ReLU after, as a prepared convolution fuses them.
fr = torch.randn(2, 6, 4, 5)
put("fold.residual", fr)
put("fold.sum_relu", torch.relu(out["fold.eval"] + fr))

save(sys.argv[1], out)
