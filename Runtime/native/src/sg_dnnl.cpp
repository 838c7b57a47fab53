// Convolutions and transposed convolutions for the prepared inference forward, run by oneDNN directly (the
// library libtorch's own CPU convolutions call): activations stay ordinary libtorch tensors in the channels-last
// (NHWC) layout, which every libtorch op takes, so no layout conversions run between ops; the weight is reordered
// once into the layout oneDNN's kernel wants; and what follows a convolution in the graph can be fused into the
// same pass: adding it onto another tensor (a residual sum, written in place) and then ReLU. libtorch 1.13's
// mkldnn_convolution has neither the fusion nor a channels-last path for a prepacked weight, and its
// transposed convolutions run im2col and a matrix product on every call.
#include "sg_common.h"

#include <ATen/Parallel.h>
#include <dnnl.hpp>

#include <map>
#include <mutex>
#include <tuple>

using dnnl::memory;

namespace {

dnnl::engine& cpu() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

memory::dims dims(at::IntArrayRef sizes) { return memory::dims(sizes.begin(), sizes.end()); }

memory::desc activation(const memory::dims& shape) {
  return memory::desc(shape, memory::data_type::f32, memory::format_tag::nhwc);
}

memory::desc per_channel(int64_t channels) { return memory::desc({channels}, memory::data_type::f32, memory::format_tag::a); }

// Descriptions of a convolution or transposed convolution over channels-last tensors, as oneDNN builds them.
template <typename Op>
typename Op::desc describe(dnnl::algorithm algorithm, const memory::desc& src, const memory::desc& weight,
                           const at::Tensor& bias, const memory::desc& dst, const memory::dims& stride,
                           const memory::dims& dilation, const memory::dims& padding_l, const memory::dims& padding_r) {
  if (!bias.defined()) {
    return typename Op::desc(dnnl::prop_kind::forward_inference, algorithm, src, weight, dst, stride, dilation,
                             padding_l, padding_r);
  }
  return typename Op::desc(dnnl::prop_kind::forward_inference, algorithm, src, weight, per_channel(bias.size(0)), dst,
                           stride, dilation, padding_l, padding_r);
}

}  // namespace

// One (transposed) convolution's prepared state: its parameters, its weight (dense until the first call, then in
// oneDNN's layout: one copy, reordered again only if a new input shape makes oneDNN want another layout) and a
// primitive per input shape.
struct sg_conv {
  bool transposed;
  int64_t out_channels, in_channels, groups;
  memory::dims kernel, stride, padding, padding_r, dilation;  // dilation as oneDNN counts it: 0 = none
  bool sum, relu;
  at::Tensor bias;

  std::mutex lock;
  at::Tensor weight;  // bytes in weight_desc's layout
  memory::desc weight_desc;

  struct Plan {
    dnnl::primitive primitive;
    memory::desc weight_desc, dst_desc, scratch_desc;
    at::Tensor weight;
  };
  std::map<std::tuple<int64_t, int64_t, int64_t>, Plan> plans;

  memory::dims weight_dims() const {
    if (groups == 1) return {out_channels, in_channels, kernel[0], kernel[1]};
    return {groups, out_channels / groups, in_channels / groups, kernel[0], kernel[1]};
  }

  // Where libtorch keeps the weight: [out, in/g, kh, kw], or [in, out/g, kh, kw] for a transposed convolution.
  memory::format_tag libtorch_layout() const {
    if (transposed) return groups == 1 ? memory::format_tag::iohw : memory::format_tag::giohw;
    return groups == 1 ? memory::format_tag::oihw : memory::format_tag::goihw;
  }

  int64_t output_size(int i, int64_t in) const {
    const int64_t span = (dilation[i] + 1) * (kernel[i] - 1) + 1;
    if (transposed) return (in - 1) * stride[i] - padding[i] - padding_r[i] + span;
    TORCH_CHECK(in + 2 * padding[i] >= span, "convolution: the input's ", in, " pixels (padded by ", padding[i],
                ") are fewer than the kernel's span of ", span);
    return (in + 2 * padding[i] - span) / stride[i] + 1;
  }

  const Plan& plan(int64_t n, int64_t h, int64_t w) {
    std::lock_guard<std::mutex> guard(lock);
    auto key = std::make_tuple(n, h, w);
    auto found = plans.find(key);
    if (found != plans.end()) return found->second;

    const auto any_weight = memory::desc(weight_dims(), memory::data_type::f32, memory::format_tag::any);
    const auto src = activation({n, in_channels, h, w});
    const auto dst = activation({n, out_channels, output_size(0, h), output_size(1, w)});
    dnnl::post_ops fused;
    if (sum) fused.append_sum(1.0f);
    if (relu) fused.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(fused);
    // Scratch memory comes from libtorch's allocator per call rather than from oneDNN's own cache.
    attributes.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return plans.emplace(key, transposed ? make<dnnl::deconvolution_forward>(dnnl::algorithm::deconvolution_direct, src,
                                                                          any_weight, dst, attributes)
                                         : make<dnnl::convolution_forward>(dnnl::algorithm::convolution_direct, src,
                                                                        any_weight, dst, attributes))
        .first->second;
  }

  template <typename Op>
  Plan make(dnnl::algorithm algorithm, const memory::desc& src, const memory::desc& any_weight, const memory::desc& dst,
            const dnnl::primitive_attr& attributes) {
    const typename Op::primitive_desc chosen(
        describe<Op>(algorithm, src, any_weight, bias, dst, stride, dilation, padding, padding_r), attributes, cpu());
    if (chosen.weights_desc() != weight_desc) {
      auto reordered = at::empty({static_cast<int64_t>(chosen.weights_desc().get_size())}, at::kByte);
      memory from(weight_desc, cpu(), weight.data_ptr());
      memory to(chosen.weights_desc(), cpu(), reordered.data_ptr());
      dnnl::stream stream(cpu());
      dnnl::reorder(from, to).execute(stream, from, to);
      stream.wait();
      weight = reordered;
      weight_desc = chosen.weights_desc();
    }
    return Plan{Op(chosen), weight_desc, chosen.dst_desc(), chosen.scratchpad_desc(), weight};
  }
};

// A prepared (transposed) convolution; libtorch's weight layout, as Conv2d / ConvTranspose2d hold it.
SG_EXPORT sg_conv* sg_conv_new(sg_tensor weight, sg_tensor bias, const int64_t* stride, const int64_t* padding,
                               const int64_t* dilation, int64_t groups, bool transposed, const int64_t* output_padding,
                               bool sum, bool relu) {
  try {
    TORCH_CHECK(weight->dim() == 4 && weight->scalar_type() == at::kFloat && weight->device().is_cpu(),
                "a prepared convolution takes a float32 CPU weight of 4 dimensions, got ", weight->toString(), " ",
                weight->sizes());
    const int64_t out_channels = transposed ? weight->size(1) * groups : weight->size(0);
    const int64_t in_channels = transposed ? weight->size(0) : weight->size(1) * groups;
    TORCH_CHECK(groups >= 1 && out_channels % groups == 0 && in_channels % groups == 0, "a prepared convolution's ",
                in_channels, " input and ", out_channels, " output channels do not split into ", groups, " groups");
    TORCH_CHECK(!bias || (bias->dim() == 1 && bias->size(0) == out_channels && bias->scalar_type() == at::kFloat),
                "a prepared convolution's bias must be float32 with one value per output channel (", out_channels,
                ")");
    auto conv = std::make_unique<sg_conv>();
    conv->transposed = transposed;
    conv->out_channels = out_channels;
    conv->in_channels = in_channels;
    conv->groups = groups;
    conv->kernel = {weight->size(2), weight->size(3)};
    conv->stride = {stride[0], stride[1]};
    conv->padding = {padding[0], padding[1]};
    // A transposed convolution's output padding adds rows and columns at the far end: less padding there.
    conv->padding_r = transposed ? memory::dims{padding[0] - output_padding[0], padding[1] - output_padding[1]}
                                 : conv->padding;
    TORCH_CHECK(conv->padding_r[0] >= 0 && conv->padding_r[1] >= 0,
                "a prepared transposed convolution needs output_padding ≤ padding, got ", output_padding[0], ", ",
                output_padding[1], " and ", padding[0], ", ", padding[1]);
    conv->dilation = {dilation[0] - 1, dilation[1] - 1};
    conv->sum = sum;
    conv->relu = relu;
    if (bias) conv->bias = bias->contiguous();
    conv->weight = weight->contiguous();
    conv->weight_desc = memory::desc(conv->weight_dims(), memory::data_type::f32, conv->libtorch_layout());
    return conv.release();
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

SG_EXPORT void sg_conv_free(sg_conv* conv) { delete conv; }

namespace {

// The convolution of `x` (any layout; made channels-last if it is not). With `accumulate` (the convolution's
// `sum`), the result is added onto it, which is overwritten and returned when it is channels-last already (the
// caller hands over a tensor nothing else reads); otherwise a new channels-last tensor is returned.
at::Tensor run(sg_conv* conv, const at::Tensor& x, const at::Tensor* accumulate) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == conv->in_channels, "convolution: expected input of shape [N, ",
              conv->in_channels, ", H, W], got ", x.sizes());
  TORCH_CHECK(x.scalar_type() == at::kFloat && x.device().is_cpu(),
              "convolution: a prepared convolution runs on float32 CPU tensors, got ", x.toString());
  TORCH_CHECK(!x.requires_grad(), "convolution: a prepared convolution computes no gradients; call it under no_grad");
  TORCH_CHECK(conv->sum == (accumulate != nullptr),
              conv->sum ? "convolution: this prepared convolution adds onto a tensor, and none was given"
                        : "convolution: this prepared convolution adds onto nothing, but a tensor was given");
  at::internal::lazy_init_num_threads();
  const auto& plan = conv->plan(x.size(0), x.size(2), x.size(3));
  const auto src = x.contiguous(at::MemoryFormat::ChannelsLast);
  const auto& shape = plan.dst_desc.dims();
  const at::IntArrayRef out_sizes(shape.data(), shape.size());
  at::Tensor out;
  if (accumulate) {
    TORCH_CHECK(accumulate->sizes().equals(out_sizes), "convolution: the tensor to add onto has shape ",
                accumulate->sizes(), ", the convolution gives ", out_sizes);
    TORCH_CHECK(accumulate->scalar_type() == at::kFloat && accumulate->device().is_cpu(),
                "convolution: the tensor to add onto must be float32 on the CPU, got ", accumulate->toString());
    out = accumulate->contiguous(at::MemoryFormat::ChannelsLast);
  } else {
    out = at::empty(out_sizes, x.options().memory_format(at::MemoryFormat::ChannelsLast));
  }
  auto scratch = at::empty({static_cast<int64_t>(plan.scratch_desc.get_size())}, at::kByte);
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, memory(activation(dims(src.sizes())), cpu(), src.data_ptr())},
      {DNNL_ARG_WEIGHTS, memory(plan.weight_desc, cpu(), plan.weight.data_ptr())},
      {DNNL_ARG_DST, memory(plan.dst_desc, cpu(), out.data_ptr())},
      {DNNL_ARG_SCRATCHPAD, memory(plan.scratch_desc, cpu(), scratch.data_ptr())}};
  if (conv->bias.defined()) {
    args.emplace(DNNL_ARG_BIAS, memory(per_channel(conv->out_channels), cpu(), conv->bias.data_ptr()));
  }
  thread_local dnnl::stream stream(cpu());
  plan.primitive.execute(stream, args);
  stream.wait();
  return out;
}

}  // namespace

SG_EXPORT sg_tensor sg_conv_forward(sg_conv* conv, sg_tensor input, sg_tensor accumulate) {
  try {
    return sg::wrap(run(conv, *input, accumulate));
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

// Convolutions run one after another, each on the previous one's result, in one call: a straight run of the graph
// whose intermediates nothing else reads. They live and die here, so the caller holds one tensor, not one per
// convolution (for a narrow model the per-op tensors, not the arithmetic, are the cost). None may take a sum. With
// `take_input` the input's reference moves here (the handle is left undefined), so the input is freed as soon as the
// first convolution has read it, as the forward would dispose it there, rather than after the whole run.
SG_EXPORT sg_tensor sg_conv_chain_forward(sg_conv* const* convs, int64_t count, sg_tensor input, bool take_input) {
  try {
    TORCH_CHECK(count >= 1, "a convolution chain needs at least one convolution");
    at::Tensor x = take_input ? std::move(*input) : *input;
    for (int64_t i = 0; i < count; ++i) {
      TORCH_CHECK(!convs[i]->sum, "convolution chain: convolution ", i,
                  " adds onto a tensor; a chain passes only each result to the next");
      x = run(convs[i], x, nullptr);
    }
    return sg::wrap(std::move(x));
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}
