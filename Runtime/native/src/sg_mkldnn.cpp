// oneDNN's blocked ("mkldnn") tensor layout, as PyTorch's Tensor.to_mkldnn / to_dense / is_mkldnn; an op
// that does not take it fails with libtorch's message.
#include "sg_common.h"

SG_EXPORT bool sg_tensor_is_mkldnn(sg_tensor t) { return t->is_mkldnn(); }

SG_EXPORT sg_tensor sg_to_mkldnn(sg_tensor t) { SG_TENSOR(t->to_mkldnn()) }

SG_EXPORT sg_tensor sg_to_dense(sg_tensor t) { SG_TENSOR(t->to_dense()) }
