// Shared conventions of the native shim.
//
// Every export is `extern "C"`, prefixed `sg_`, and never lets a C++ exception cross the C ABI:
// failures store the message (without libtorch's C++ backtrace) in a thread-local that managed
// code reads through sg_last_error() right after a call reports failure.
//   - functions returning a tensor return a fresh heap `at::Tensor*`, or nullptr on failure;
//   - all other functions return int32 status: 0 ok, -1 failure.
#pragma once

#include <ATen/ATen.h>
#include <cstdint>

#define SG_EXPORT extern "C" __attribute__((visibility("default")))

using sg_tensor = at::Tensor*;

namespace sg {

// Stores the in-flight exception's message as the thread's last error; call only inside catch.
void capture_error() noexcept;

inline sg_tensor wrap(at::Tensor&& t) { return new at::Tensor(std::move(t)); }

inline at::IntArrayRef ints(const int64_t* p, int32_t n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }

inline c10::optional<at::Tensor> opt(sg_tensor t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::nullopt;
}

// Scalars cross as a double plus its kind so that `int_tensor + 2` stays integral like in PyTorch.
enum ScalarKind : int8_t { Floating = 0, Integral = 1, Boolean = 2 };
inline at::Scalar scalar(double v, int8_t kind) {
  switch (kind) {
    case Integral: return at::Scalar(static_cast<int64_t>(v));
    case Boolean: return at::Scalar(v != 0.0);
    default: return at::Scalar(v);
  }
}

inline at::Device device(int8_t type, int16_t index) {
  return at::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions options(int8_t dtype, int8_t device_type, int16_t device_index, bool requires_grad = false) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(device(device_type, device_index))
      .requires_grad(requires_grad);
}

// dtype -1 means "not given".
inline c10::optional<at::ScalarType> opt_dtype(int8_t dtype) {
  return dtype < 0 ? c10::nullopt : c10::optional<at::ScalarType>(static_cast<at::ScalarType>(dtype));
}

}  // namespace sg

#define SG_TENSOR(expr)                  \
  try {                                  \
    return sg::wrap(expr);               \
  } catch (...) {                        \
    sg::capture_error();                 \
    return nullptr;                      \
  }

#define SG_STATUS(body)                  \
  try {                                  \
    body;                                \
    return 0;                            \
  } catch (...) {                        \
    sg::capture_error();                 \
    return -1;                           \
  }
