// Autograd: grad mode, backward, gradients.
#include "sg_common.h"

#include <ATen/core/grad_mode.h>

SG_EXPORT bool sg_is_grad_enabled() { return at::GradMode::is_enabled(); }
SG_EXPORT void sg_set_grad_enabled(bool enabled) { at::GradMode::set_enabled(enabled); }

SG_EXPORT int32_t sg_backward(sg_tensor t, sg_tensor gradient, bool retain_graph, bool create_graph) {
  SG_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph, create_graph))
}

// `*out` is null when the tensor has no gradient.
SG_EXPORT int32_t sg_tensor_grad(sg_tensor t, sg_tensor* out) {
  SG_STATUS({
    const auto& grad = t->grad();
    *out = grad.defined() ? new at::Tensor(grad) : nullptr;
  })
}

// Null `gradient` clears it (PyTorch's `p.grad = None`).
SG_EXPORT int32_t sg_tensor_set_grad(sg_tensor t, sg_tensor gradient) {
  SG_STATUS(t->mutable_grad() = gradient ? *gradient : at::Tensor())
}

SG_EXPORT int32_t sg_tensor_retain_grad(sg_tensor t) { SG_STATUS(t->retain_grad()) }
