// nn.functional: convolution, normalisation, pooling, resampling, padding, dropout, losses.
// Spatial arguments arrive as (h, w) pairs already expanded by the managed side.
#include "sg_common.h"

namespace {

at::IntArrayRef pair(const int64_t* p) { return at::IntArrayRef(p, 2); }

enum PadMode : int8_t { Constant = 0, Reflect = 1, Replicate = 2 };
enum Interpolation : int8_t { Nearest = 0, Bilinear = 1 };

}  // namespace

SG_EXPORT sg_tensor sg_conv2d(sg_tensor x, sg_tensor weight, sg_tensor bias, const int64_t* stride, const int64_t* padding,
                              const int64_t* dilation, int64_t groups) {
  SG_TENSOR(at::conv2d(*x, *weight, sg::opt(bias), pair(stride), pair(padding), pair(dilation), groups))
}

SG_EXPORT sg_tensor sg_conv_transpose2d(sg_tensor x, sg_tensor weight, sg_tensor bias, const int64_t* stride,
                                        const int64_t* padding, const int64_t* output_padding, int64_t groups,
                                        const int64_t* dilation) {
  SG_TENSOR(at::conv_transpose2d(*x, *weight, sg::opt(bias), pair(stride), pair(padding), pair(output_padding), groups,
                                 pair(dilation)))
}

SG_EXPORT sg_tensor sg_batch_norm(sg_tensor x, sg_tensor weight, sg_tensor bias, sg_tensor running_mean,
                                  sg_tensor running_var, bool training, double momentum, double eps) {
  SG_TENSOR(at::batch_norm(*x, sg::opt(weight), sg::opt(bias), sg::opt(running_mean), sg::opt(running_var), training,
                           momentum, eps, /*cudnn_enabled=*/true))
}

// feature = true drops whole channels (dropout2d).
SG_EXPORT sg_tensor sg_dropout(sg_tensor x, double p, bool training, bool feature) {
  SG_TENSOR(feature ? at::feature_dropout(*x, p, training) : at::dropout(*x, p, training))
}
SG_EXPORT int32_t sg_dropout_(sg_tensor x, double p, bool training, bool feature) {
  SG_STATUS(feature ? at::feature_dropout_(*x, p, training) : at::dropout_(*x, p, training))
}

SG_EXPORT sg_tensor sg_max_pool2d(sg_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  const int64_t* dilation, bool ceil_mode) {
  SG_TENSOR(at::max_pool2d(*x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode))
}

SG_EXPORT int32_t sg_max_pool2d_with_indices(sg_tensor x, const int64_t* kernel, const int64_t* stride,
                                             const int64_t* padding, const int64_t* dilation, bool ceil_mode,
                                             sg_tensor* values, sg_tensor* indices) {
  SG_STATUS({
    auto result = at::max_pool2d_with_indices(*x, pair(kernel), pair(stride), pair(padding), pair(dilation), ceil_mode);
    *values = sg::wrap(std::move(std::get<0>(result)));
    *indices = sg::wrap(std::move(std::get<1>(result)));
  })
}

SG_EXPORT sg_tensor sg_max_unpool2d(sg_tensor x, sg_tensor indices, const int64_t* output_size) {
  SG_TENSOR(at::max_unpool2d(*x, *indices, pair(output_size)))
}

// divisor_override <= 0 means none.
SG_EXPORT sg_tensor sg_avg_pool2d(sg_tensor x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                                  bool ceil_mode, bool count_include_pad, int64_t divisor_override) {
  SG_TENSOR(at::avg_pool2d(*x, pair(kernel), pair(stride), pair(padding), ceil_mode, count_include_pad,
                           divisor_override > 0 ? c10::optional<int64_t>(divisor_override) : c10::nullopt))
}

SG_EXPORT sg_tensor sg_adaptive_avg_pool2d(sg_tensor x, const int64_t* output_size) {
  SG_TENSOR(at::adaptive_avg_pool2d(*x, pair(output_size)))
}

// Either `size` (h, w) or `scale` (h, w) is given, as in F.interpolate; a given scale is also used
// for the coordinate mapping, which is what PyTorch does when recompute_scale_factor is not set.
SG_EXPORT sg_tensor sg_interpolate(sg_tensor x, int8_t mode, const int64_t* size, const double* scale, bool align_corners) {
  try {
    const auto output_size = size ? at::OptionalIntArrayRef(pair(size)) : at::OptionalIntArrayRef(c10::nullopt);
    const auto scales = scale ? c10::optional<at::ArrayRef<double>>(at::ArrayRef<double>(scale, 2)) : c10::nullopt;
    switch (mode) {
      case Nearest: return sg::wrap(at::upsample_nearest2d(*x, output_size, scales));
      case Bilinear: return sg::wrap(at::upsample_bilinear2d(*x, output_size, align_corners, scales));
      default: throw std::invalid_argument("unknown interpolation mode " + std::to_string(mode));
    }
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

// pads = (left, right, top, bottom), PyTorch's order for the last two dims.
SG_EXPORT sg_tensor sg_pad(sg_tensor x, const int64_t* pads, int32_t n, int8_t mode, double value) {
  try {
    const auto padding = sg::ints(pads, n);
    switch (mode) {
      case Constant: return sg::wrap(at::constant_pad_nd(*x, padding, value));
      case Reflect: return sg::wrap(at::reflection_pad2d(*x, padding));
      case Replicate: return sg::wrap(at::replication_pad2d(*x, padding));
      default: throw std::invalid_argument("unknown padding mode " + std::to_string(mode));
    }
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction).
SG_EXPORT sg_tensor sg_cross_entropy(sg_tensor input, sg_tensor target, sg_tensor weight, int64_t reduction,
                                     int64_t ignore_index, double label_smoothing) {
  SG_TENSOR(at::cross_entropy_loss(*input, *target, sg::opt(weight), reduction, ignore_index, label_smoothing))
}

SG_EXPORT sg_tensor sg_nll_loss(sg_tensor input, sg_tensor target, sg_tensor weight, int64_t reduction,
                                int64_t ignore_index) {
  SG_TENSOR(at::nll_loss_nd(*input, *target, sg::opt(weight), reduction, ignore_index))
}
