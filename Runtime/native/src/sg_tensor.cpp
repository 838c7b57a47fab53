// Tensor lifetime, properties, creation, conversion and global engine settings.
#include "sg_common.h"

#include <cstring>
#include <sstream>
#include <string>
#include <ATen/Parallel.h>
#include <torch/version.h>

// ---- lifetime --------------------------------------------------------------------------------

SG_EXPORT void sg_tensor_free(sg_tensor t) { delete t; }

// ---- properties ------------------------------------------------------------------------------

SG_EXPORT int64_t sg_tensor_dim(sg_tensor t) { return t->dim(); }
SG_EXPORT int64_t sg_tensor_numel(sg_tensor t) { return t->numel(); }
SG_EXPORT int8_t sg_tensor_dtype(sg_tensor t) { return static_cast<int8_t>(t->scalar_type()); }
SG_EXPORT int64_t sg_tensor_element_size(sg_tensor t) { return static_cast<int64_t>(t->element_size()); }
SG_EXPORT bool sg_tensor_is_contiguous(sg_tensor t) { return t->is_contiguous(); }
SG_EXPORT bool sg_tensor_requires_grad(sg_tensor t) { return t->requires_grad(); }
SG_EXPORT bool sg_tensor_is_leaf(sg_tensor t) { return t->is_leaf(); }
SG_EXPORT int8_t sg_tensor_device_type(sg_tensor t) { return static_cast<int8_t>(t->device().type()); }
SG_EXPORT int16_t sg_tensor_device_index(sg_tensor t) { return t->device().index(); }

// Copies the sizes into `out` (capacity `cap`); returns the rank.
SG_EXPORT int64_t sg_tensor_sizes(sg_tensor t, int64_t* out, int32_t cap) {
  auto sizes = t->sizes();
  for (size_t i = 0; i < sizes.size() && i < static_cast<size_t>(cap); i++) out[i] = sizes[i];
  return static_cast<int64_t>(sizes.size());
}

SG_EXPORT int64_t sg_tensor_strides(sg_tensor t, int64_t* out, int32_t cap) {
  auto strides = t->strides();
  for (size_t i = 0; i < strides.size() && i < static_cast<size_t>(cap); i++) out[i] = strides[i];
  return static_cast<int64_t>(strides.size());
}

SG_EXPORT int32_t sg_tensor_set_requires_grad(sg_tensor t, bool value) { SG_STATUS(t->set_requires_grad(value)) }

SG_EXPORT int32_t sg_tensor_item(sg_tensor t, double* out) { SG_STATUS(*out = t->item<double>()) }
SG_EXPORT int32_t sg_tensor_item_int64(sg_tensor t, int64_t* out) { SG_STATUS(*out = t->item<int64_t>()) }

// The printed form PyTorch's C++ API gives (values, dtype and shape).
SG_EXPORT int32_t sg_tensor_to_string(sg_tensor t, char* out, int64_t cap, int64_t* needed) {
  SG_STATUS({
    std::ostringstream stream;
    stream << *t;
    const std::string text = stream.str();
    *needed = static_cast<int64_t>(text.size()) + 1;
    if (cap >= *needed) std::memcpy(out, text.c_str(), text.size() + 1);
  })
}

// ---- creation --------------------------------------------------------------------------------

enum Factory : int8_t { Zeros = 0, Ones = 1, Full = 2, Empty = 3, Rand = 4, Randn = 5 };

SG_EXPORT sg_tensor sg_factory(int8_t kind, const int64_t* sizes, int32_t rank, double value, int8_t value_kind,
                               int8_t dtype, int8_t device_type, int16_t device_index, bool requires_grad) {
  try {
    const auto shape = sg::ints(sizes, rank);
    const auto options = sg::options(dtype, device_type, device_index);
    at::Tensor result;
    switch (kind) {
      case Zeros: result = at::zeros(shape, options); break;
      case Ones: result = at::ones(shape, options); break;
      case Full: result = at::full(shape, sg::scalar(value, value_kind), options); break;
      case Empty: result = at::empty(shape, options); break;
      case Rand: result = at::rand(shape, options); break;
      case Randn: result = at::randn(shape, options); break;
      default: throw std::invalid_argument("unknown tensor factory " + std::to_string(kind));
    }
    if (requires_grad) result.set_requires_grad(true);
    return sg::wrap(std::move(result));
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

SG_EXPORT sg_tensor sg_randint(int64_t low, int64_t high, const int64_t* sizes, int32_t rank, int8_t dtype,
                               int8_t device_type, int16_t device_index) {
  SG_TENSOR(at::randint(low, high, sg::ints(sizes, rank), sg::options(dtype, device_type, device_index)))
}

SG_EXPORT sg_tensor sg_arange(double start, double end, double step, int8_t dtype, int8_t device_type,
                              int16_t device_index, bool requires_grad) {
  SG_TENSOR(at::arange(start, end, step, sg::options(dtype, device_type, device_index, requires_grad)))
}

// A CPU tensor holding a copy of `nbytes` bytes at `data` (the managed memory stays the caller's).
SG_EXPORT sg_tensor sg_from_data(const void* data, int64_t nbytes, const int64_t* sizes, int32_t rank, int8_t dtype) {
  try {
    auto result = at::empty(sg::ints(sizes, rank), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
    const auto expected = static_cast<int64_t>(result.nbytes());
    if (expected != nbytes) {
      throw std::invalid_argument("data holds " + std::to_string(nbytes) + " bytes but shape " +
                                  c10::str(result.sizes()) + " needs " + std::to_string(expected));
    }
    if (nbytes > 0) std::memcpy(result.data_ptr(), data, static_cast<size_t>(nbytes));
    return sg::wrap(std::move(result));
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

// Copies the tensor's elements (in row-major order, on the CPU) into `out`, which holds `nbytes`.
SG_EXPORT int32_t sg_copy_to(sg_tensor t, void* out, int64_t nbytes) {
  SG_STATUS({
    const auto source = t->detach().to(at::kCPU).contiguous();
    const auto size = static_cast<int64_t>(source.nbytes());
    if (size != nbytes) {
      throw std::invalid_argument("tensor holds " + std::to_string(size) + " bytes, buffer " + std::to_string(nbytes));
    }
    if (size > 0) std::memcpy(out, source.data_ptr(), static_cast<size_t>(size));
  })
}

// ---- conversion and copies -------------------------------------------------------------------

// dtype -1 keeps the dtype; device_type -1 keeps the device.
SG_EXPORT sg_tensor sg_to(sg_tensor t, int8_t dtype, int8_t device_type, int16_t device_index, bool copy) {
  try {
    const auto target_dtype = dtype < 0 ? t->scalar_type() : static_cast<at::ScalarType>(dtype);
    const auto target_device = device_type < 0 ? t->device() : sg::device(device_type, device_index);
    return sg::wrap(t->to(target_device, target_dtype, /*non_blocking=*/false, copy));
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

SG_EXPORT sg_tensor sg_alias(sg_tensor t) { SG_TENSOR(at::Tensor(*t)) }
SG_EXPORT sg_tensor sg_clone(sg_tensor t) { SG_TENSOR(t->clone()) }
SG_EXPORT sg_tensor sg_detach(sg_tensor t) { SG_TENSOR(t->detach()) }
SG_EXPORT sg_tensor sg_contiguous(sg_tensor t) { SG_TENSOR(t->contiguous()) }
SG_EXPORT sg_tensor sg_contiguous_channels_last(sg_tensor t) {
  SG_TENSOR(t->contiguous(at::MemoryFormat::ChannelsLast))
}

SG_EXPORT int32_t sg_copy_(sg_tensor destination, sg_tensor source) { SG_STATUS(destination->copy_(*source)) }
SG_EXPORT int32_t sg_fill_(sg_tensor t, double value, int8_t kind) { SG_STATUS(t->fill_(sg::scalar(value, kind))) }
SG_EXPORT int32_t sg_zero_(sg_tensor t) { SG_STATUS(t->zero_()) }
SG_EXPORT int32_t sg_uniform_(sg_tensor t, double low, double high) { SG_STATUS(t->uniform_(low, high)) }
SG_EXPORT int32_t sg_normal_(sg_tensor t, double mean, double std) { SG_STATUS(t->normal_(mean, std)) }

// ---- engine ----------------------------------------------------------------------------------

SG_EXPORT void sg_manual_seed(uint64_t seed) { at::manual_seed(seed); }
SG_EXPORT int32_t sg_set_num_threads(int32_t n) { SG_STATUS(at::set_num_threads(n)) }
SG_EXPORT int32_t sg_get_num_threads() { return at::get_num_threads(); }
SG_EXPORT bool sg_cuda_is_available() { return at::hasCUDA(); }
SG_EXPORT const char* sg_torch_version() { return TORCH_VERSION; }

// Points `t` at `source`'s data (PyTorch's `t.data = source`): the handle, and so every reference
// to the Parameter object, stays the same while the values move to another device or dtype.
SG_EXPORT int32_t sg_tensor_set_data(sg_tensor t, sg_tensor source) { SG_STATUS(t->set_data(*source)) }
