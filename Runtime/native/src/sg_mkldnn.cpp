// oneDNN's blocked ("mkldnn") tensor layout: conversions and the convolution on weights reordered once.
// The inference path of generated models keeps activations in this layout across runs of ops that take it,
// as TorchScript's optimize_for_inference does; any op that does not take it fails with libtorch's message.
#include "sg_common.h"

namespace {

at::IntArrayRef pair(const int64_t* p) { return at::IntArrayRef(p, 2); }

}  // namespace

SG_EXPORT bool sg_tensor_is_mkldnn(sg_tensor t) { return t->is_mkldnn(); }

SG_EXPORT sg_tensor sg_to_mkldnn(sg_tensor t) { SG_TENSOR(t->to_mkldnn()) }

SG_EXPORT sg_tensor sg_to_dense(sg_tensor t) { SG_TENSOR(t->to_dense()) }

SG_EXPORT sg_tensor sg_mkldnn_reorder_conv2d_weight(sg_tensor weight, const int64_t* padding, const int64_t* stride,
                                                   const int64_t* dilation, int64_t groups) {
  SG_TENSOR(at::mkldnn_reorder_conv2d_weight(*weight, pair(padding), pair(stride), pair(dilation), groups))
}

SG_EXPORT sg_tensor sg_mkldnn_convolution(sg_tensor x, sg_tensor weight, sg_tensor bias, const int64_t* padding,
                                          const int64_t* stride, const int64_t* dilation, int64_t groups) {
  SG_TENSOR(at::mkldnn_convolution(*x, *weight, sg::opt(bias), pair(padding), pair(stride), pair(dilation), groups))
}
