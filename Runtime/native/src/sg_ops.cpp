// Tensor math: element-wise ops (by op code), shape ops, reductions, joins and selection.
#include "sg_common.h"

#include <string>
#include <vector>

namespace {

// Op codes shared with Runtime/Torch/Native/OpCodes.cs: keep both in the same order.
enum Unary : int8_t {
  Relu, Sigmoid, Tanh, Exp, Log, Neg, Abs, Sqrt, Rsqrt, Floor, Ceil, Round, Sign, Reciprocal,
  LogicalNot, Sin, Cos, Square, Trunc, IsNan, Erf, Log1p, Expm1, Silu, Gelu
};

enum Binary : int8_t {
  Add, Sub, Mul, Div, Pow, Maximum, Minimum, Remainder, Eq, Ne, Lt, Le, Gt, Ge,
  LogicalAnd, LogicalOr, BitwiseAnd, BitwiseOr, FloorDivide, Matmul
};

enum Reduction : int8_t { Sum, Mean, Amax, Amin, Prod, Any, All, Std, Var };

[[noreturn]] void unknown(const char* what, int code) {
  throw std::invalid_argument(std::string("unknown ") + what + " op code " + std::to_string(code));
}

at::Tensor unary(int8_t op, const at::Tensor& x) {
  switch (op) {
    case Relu: return at::relu(x);
    case Sigmoid: return at::sigmoid(x);
    case Tanh: return at::tanh(x);
    case Exp: return at::exp(x);
    case Log: return at::log(x);
    case Neg: return at::neg(x);
    case Abs: return at::abs(x);
    case Sqrt: return at::sqrt(x);
    case Rsqrt: return at::rsqrt(x);
    case Floor: return at::floor(x);
    case Ceil: return at::ceil(x);
    case Round: return at::round(x);
    case Sign: return at::sign(x);
    case Reciprocal: return at::reciprocal(x);
    case LogicalNot: return at::logical_not(x);
    case Sin: return at::sin(x);
    case Cos: return at::cos(x);
    case Square: return at::square(x);
    case Trunc: return at::trunc(x);
    case IsNan: return at::isnan(x);
    case Erf: return at::erf(x);
    case Log1p: return at::log1p(x);
    case Expm1: return at::expm1(x);
    case Silu: return at::silu(x);
    case Gelu: return at::gelu(x);
    default: unknown("unary", op);
  }
}

void unary_(int8_t op, at::Tensor& x) {
  switch (op) {
    case Relu: at::relu_(x); return;
    case Sigmoid: x.sigmoid_(); return;
    case Tanh: x.tanh_(); return;
    case Exp: x.exp_(); return;
    case Log: x.log_(); return;
    case Neg: x.neg_(); return;
    case Abs: x.abs_(); return;
    case Sqrt: x.sqrt_(); return;
    case Rsqrt: x.rsqrt_(); return;
    case Floor: x.floor_(); return;
    case Ceil: x.ceil_(); return;
    case Round: x.round_(); return;
    case Sign: x.sign_(); return;
    case Reciprocal: x.reciprocal_(); return;
    case LogicalNot: x.logical_not_(); return;
    case Sin: x.sin_(); return;
    case Cos: x.cos_(); return;
    case Square: x.square_(); return;
    case Trunc: x.trunc_(); return;
    case Erf: x.erf_(); return;
    case Log1p: x.log1p_(); return;
    case Expm1: x.expm1_(); return;
    case Silu: at::silu_(x); return;
    default: unknown("in-place unary", op);
  }
}

template <typename Other>
at::Tensor binary(int8_t op, const at::Tensor& a, const Other& b) {
  switch (op) {
    case Add: return at::add(a, b);
    case Sub: return at::sub(a, b);
    case Mul: return at::mul(a, b);
    case Div: return at::div(a, b);
    case Pow: return at::pow(a, b);
    case Remainder: return at::remainder(a, b);
    case Eq: return at::eq(a, b);
    case Ne: return at::ne(a, b);
    case Lt: return at::lt(a, b);
    case Le: return at::le(a, b);
    case Gt: return at::gt(a, b);
    case Ge: return at::ge(a, b);
    case BitwiseAnd: return at::bitwise_and(a, b);
    case BitwiseOr: return at::bitwise_or(a, b);
    case FloorDivide: return at::floor_divide(a, b);
    default: break;
  }
  if constexpr (std::is_same_v<Other, at::Tensor>) {
    switch (op) {
      case Maximum: return at::maximum(a, b);
      case Minimum: return at::minimum(a, b);
      case LogicalAnd: return at::logical_and(a, b);
      case LogicalOr: return at::logical_or(a, b);
      case Matmul: return at::matmul(a, b);
      default: break;
    }
  }
  unknown("binary", op);
}

template <typename Other>
void binary_(int8_t op, at::Tensor& a, const Other& b) {
  switch (op) {
    case Add: a.add_(b); return;
    case Sub: a.sub_(b); return;
    case Mul: a.mul_(b); return;
    case Div: a.div_(b); return;
    case Pow: a.pow_(b); return;
    case Remainder: a.remainder_(b); return;
    case FloorDivide: a.floor_divide_(b); return;
    default: break;
  }
  if constexpr (std::is_same_v<Other, at::Tensor>) {
    switch (op) {
      case Maximum: a.copy_(at::maximum(a, b)); return;
      case Minimum: a.copy_(at::minimum(a, b)); return;
      default: break;
    }
  }
  unknown("in-place binary", op);
}

at::Tensor reduce(int8_t op, const at::Tensor& x, at::IntArrayRef dims, bool keepdim, c10::optional<at::ScalarType> dtype) {
  const bool all_dims = dims.empty();
  switch (op) {
    case Sum: return all_dims && !keepdim ? at::sum(x, dtype) : at::sum(x, dims, keepdim, dtype);
    case Mean: return all_dims && !keepdim ? at::mean(x, dtype) : at::mean(x, dims, keepdim, dtype);
    case Amax: return at::amax(x, dims, keepdim);
    case Amin: return at::amin(x, dims, keepdim);
    case Prod:
      if (all_dims) return at::prod(x, dtype);
      if (dims.size() != 1) throw std::invalid_argument("prod reduces over one dimension at a time");
      return at::prod(x, dims[0], keepdim, dtype);
    case Any:
      if (all_dims) return at::any(x);
      if (dims.size() != 1) throw std::invalid_argument("any reduces over one dimension at a time");
      return at::any(x, dims[0], keepdim);
    case All:
      if (all_dims) return at::all(x);
      if (dims.size() != 1) throw std::invalid_argument("all reduces over one dimension at a time");
      return at::all(x, dims[0], keepdim);
    case Std: return all_dims ? at::std(x) : at::std(x, dims, /*unbiased=*/true, keepdim);
    case Var: return all_dims ? at::var(x) : at::var(x, dims, /*unbiased=*/true, keepdim);
    default: unknown("reduction", op);
  }
}

std::vector<at::Tensor> tensors(const sg_tensor* handles, int32_t count) {
  std::vector<at::Tensor> list;
  list.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; i++) list.push_back(*handles[i]);
  return list;
}

}  // namespace

// ---- element-wise ----------------------------------------------------------------------------

SG_EXPORT sg_tensor sg_unary(int8_t op, sg_tensor x) { SG_TENSOR(unary(op, *x)) }
SG_EXPORT int32_t sg_unary_(int8_t op, sg_tensor x) { SG_STATUS(unary_(op, *x)) }

SG_EXPORT sg_tensor sg_binary(int8_t op, sg_tensor a, sg_tensor b) { SG_TENSOR(binary(op, *a, *b)) }
SG_EXPORT sg_tensor sg_binary_scalar(int8_t op, sg_tensor a, double b, int8_t kind) {
  SG_TENSOR(binary(op, *a, sg::scalar(b, kind)))
}
SG_EXPORT int32_t sg_binary_(int8_t op, sg_tensor a, sg_tensor b) { SG_STATUS(binary_(op, *a, *b)) }
SG_EXPORT int32_t sg_binary_scalar_(int8_t op, sg_tensor a, double b, int8_t kind) {
  SG_STATUS(binary_(op, *a, sg::scalar(b, kind)))
}

// a + alpha·b (sub passes −alpha), out of place or into a.
SG_EXPORT sg_tensor sg_add_scaled(sg_tensor a, sg_tensor b, double alpha, int8_t kind) {
  SG_TENSOR(at::add(*a, *b, sg::scalar(alpha, kind)))
}
SG_EXPORT int32_t sg_add_scaled_(sg_tensor a, sg_tensor b, double alpha, int8_t kind) {
  SG_STATUS(a->add_(*b, sg::scalar(alpha, kind)))
}
SG_EXPORT int32_t sg_addcmul_(sg_tensor x, sg_tensor a, sg_tensor b, double value) {
  SG_STATUS(x->addcmul_(*a, *b, value))
}
SG_EXPORT int32_t sg_addcdiv_(sg_tensor x, sg_tensor a, sg_tensor b, double value) {
  SG_STATUS(x->addcdiv_(*a, *b, value))
}
SG_EXPORT int32_t sg_lerp_(sg_tensor x, sg_tensor end, double weight) { SG_STATUS(x->lerp_(*end, weight)) }

SG_EXPORT sg_tensor sg_where(sg_tensor condition, sg_tensor a, sg_tensor b) { SG_TENSOR(at::where(*condition, *a, *b)) }

SG_EXPORT sg_tensor sg_clamp(sg_tensor x, bool has_min, double min, bool has_max, double max, int8_t kind) {
  SG_TENSOR(at::clamp(*x, has_min ? c10::optional<at::Scalar>(sg::scalar(min, kind)) : c10::nullopt,
                      has_max ? c10::optional<at::Scalar>(sg::scalar(max, kind)) : c10::nullopt))
}
SG_EXPORT int32_t sg_clamp_(sg_tensor x, bool has_min, double min, bool has_max, double max, int8_t kind) {
  SG_STATUS(x->clamp_(has_min ? c10::optional<at::Scalar>(sg::scalar(min, kind)) : c10::nullopt,
                      has_max ? c10::optional<at::Scalar>(sg::scalar(max, kind)) : c10::nullopt))
}

SG_EXPORT sg_tensor sg_masked_fill(sg_tensor x, sg_tensor mask, double value, int8_t kind) {
  SG_TENSOR(x->masked_fill(*mask, sg::scalar(value, kind)))
}

SG_EXPORT int32_t sg_allclose(sg_tensor a, sg_tensor b, double rtol, double atol, bool* result) {
  SG_STATUS(*result = at::allclose(*a, *b, rtol, atol))
}

// ---- shape -----------------------------------------------------------------------------------

SG_EXPORT sg_tensor sg_view(sg_tensor x, const int64_t* sizes, int32_t n) { SG_TENSOR(x->view(sg::ints(sizes, n))) }
SG_EXPORT sg_tensor sg_reshape(sg_tensor x, const int64_t* sizes, int32_t n) { SG_TENSOR(x->reshape(sg::ints(sizes, n))) }
SG_EXPORT sg_tensor sg_permute(sg_tensor x, const int64_t* dims, int32_t n) { SG_TENSOR(x->permute(sg::ints(dims, n))) }
SG_EXPORT sg_tensor sg_expand(sg_tensor x, const int64_t* sizes, int32_t n) { SG_TENSOR(x->expand(sg::ints(sizes, n))) }
SG_EXPORT sg_tensor sg_flip(sg_tensor x, const int64_t* dims, int32_t n) { SG_TENSOR(x->flip(sg::ints(dims, n))) }
SG_EXPORT sg_tensor sg_transpose(sg_tensor x, int64_t a, int64_t b) { SG_TENSOR(x->transpose(a, b)) }
SG_EXPORT sg_tensor sg_narrow(sg_tensor x, int64_t dim, int64_t start, int64_t length) {
  SG_TENSOR(x->narrow(dim, start, length))
}
SG_EXPORT sg_tensor sg_select(sg_tensor x, int64_t dim, int64_t index) { SG_TENSOR(x->select(dim, index)) }
SG_EXPORT sg_tensor sg_slice(sg_tensor x, int64_t dim, bool has_start, int64_t start, bool has_end, int64_t end,
                             int64_t step) {
  SG_TENSOR(x->slice(dim, has_start ? c10::optional<int64_t>(start) : c10::nullopt,
                     has_end ? c10::optional<int64_t>(end) : c10::nullopt, step))
}
SG_EXPORT sg_tensor sg_squeeze(sg_tensor x, bool has_dim, int64_t dim) {
  SG_TENSOR(has_dim ? x->squeeze(dim) : x->squeeze())
}
SG_EXPORT sg_tensor sg_unsqueeze(sg_tensor x, int64_t dim) { SG_TENSOR(x->unsqueeze(dim)) }
SG_EXPORT sg_tensor sg_flatten(sg_tensor x, int64_t start, int64_t end) { SG_TENSOR(x->flatten(start, end)) }
SG_EXPORT sg_tensor sg_as_strided(sg_tensor x, const int64_t* sizes, const int64_t* strides, int32_t n, int64_t offset) {
  SG_TENSOR(x->as_strided(sg::ints(sizes, n), sg::ints(strides, n), offset))
}

// ---- reductions ------------------------------------------------------------------------------

SG_EXPORT sg_tensor sg_reduce(int8_t op, sg_tensor x, const int64_t* dims, int32_t n, bool keepdim, int8_t dtype) {
  SG_TENSOR(reduce(op, *x, sg::ints(dims, n), keepdim, sg::opt_dtype(dtype)))
}

// max/min along a dimension: values and their indices.
SG_EXPORT int32_t sg_max_dim(sg_tensor x, int64_t dim, bool keepdim, bool is_min, sg_tensor* values, sg_tensor* indices) {
  SG_STATUS({
    auto result = is_min ? at::min(*x, dim, keepdim) : at::max(*x, dim, keepdim);
    *values = sg::wrap(std::move(std::get<0>(result)));
    *indices = sg::wrap(std::move(std::get<1>(result)));
  })
}

SG_EXPORT sg_tensor sg_argmax(sg_tensor x, bool has_dim, int64_t dim, bool keepdim, bool is_min) {
  const auto d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
  SG_TENSOR(is_min ? at::argmin(*x, d, keepdim) : at::argmax(*x, d, keepdim))
}

SG_EXPORT sg_tensor sg_bincount(sg_tensor x, sg_tensor weights, int64_t minlength) {
  SG_TENSOR(at::bincount(*x, sg::opt(weights), minlength))
}

// ---- joins, selection, linear algebra, activations over a dim -------------------------------

SG_EXPORT sg_tensor sg_cat(const sg_tensor* list, int32_t count, int64_t dim) { SG_TENSOR(at::cat(tensors(list, count), dim)) }
SG_EXPORT sg_tensor sg_stack(const sg_tensor* list, int32_t count, int64_t dim) {
  SG_TENSOR(at::stack(tensors(list, count), dim))
}
SG_EXPORT sg_tensor sg_index_select(sg_tensor x, int64_t dim, sg_tensor index) { SG_TENSOR(at::index_select(*x, dim, *index)) }
SG_EXPORT sg_tensor sg_gather(sg_tensor x, int64_t dim, sg_tensor index) { SG_TENSOR(at::gather(*x, dim, *index)) }

SG_EXPORT sg_tensor sg_softmax(sg_tensor x, int64_t dim, int8_t dtype, bool log) {
  SG_TENSOR(log ? at::log_softmax(*x, dim, sg::opt_dtype(dtype)) : at::softmax(*x, dim, sg::opt_dtype(dtype)))
}
SG_EXPORT sg_tensor sg_one_hot(sg_tensor x, int64_t num_classes) { SG_TENSOR(at::one_hot(*x, num_classes)) }
