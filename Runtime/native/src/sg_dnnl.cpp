// Convolutions and transposed convolutions for the prepared inference forward, run by oneDNN directly (the
// library libtorch's own CPU convolutions call): activations stay ordinary libtorch tensors in the channels-last
// (NHWC) layout, which every libtorch op takes, so no layout conversions run between ops; the weight is reordered
// once into the layout oneDNN's kernel wants; and what follows a convolution in the graph can be fused into the
// same pass: adding it onto another tensor (a residual sum, written in place) and then ReLU. libtorch 1.13's
// mkldnn_convolution has neither the fusion nor a channels-last path for a prepacked weight, and its
// transposed convolutions run im2col and a matrix product on every call. A straight run of them can also run as one
// chain (sg_conv_chain_forward), inside which the values stay in the kernels' own layouts.
#include "sg_common.h"

#include <ATen/Parallel.h>
#include <dnnl.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

using dnnl::memory;

namespace {

dnnl::engine& cpu() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

memory::dims dims(at::IntArrayRef sizes) { return memory::dims(sizes.begin(), sizes.end()); }

memory::desc layout(const memory::dims& shape, memory::format_tag tag) {
  return memory::desc(shape, memory::data_type::f32, tag);
}

memory::desc activation(const memory::dims& shape) { return layout(shape, memory::format_tag::nhwc); }

memory::desc per_channel(int64_t channels) { return layout({channels}, memory::format_tag::a); }

at::Tensor bytes(const memory::desc& desc) { return at::empty({static_cast<int64_t>(desc.get_size())}, at::kByte); }

// Descriptions of a convolution or transposed convolution, as oneDNN builds them.
template <typename Op>
typename Op::desc describe(dnnl::prop_kind kind, dnnl::algorithm algorithm, const memory::desc& src,
                           const memory::desc& weight, const at::Tensor& bias, const memory::desc& dst,
                           const memory::dims& stride, const memory::dims& dilation, const memory::dims& padding_l,
                           const memory::dims& padding_r) {
  if (!bias.defined()) return typename Op::desc(kind, algorithm, src, weight, dst, stride, dilation, padding_l, padding_r);
  return typename Op::desc(kind, algorithm, src, weight, per_channel(bias.size(0)), dst, stride, dilation, padding_l,
                           padding_r);
}

dnnl::stream& this_threads_stream() {
  thread_local dnnl::stream stream(cpu());
  return stream;
}

// Copies between layouts (channels-last activations and a kernel's blocked ones, or weights) with oneDNN's reorder.
void convert(memory from, memory to) {
  dnnl::reorder(from, to).execute(this_threads_stream(), from, to);
  this_threads_stream().wait();
}

constexpr size_t kLargestWinogradScratch = size_t{64} << 20;

}  // namespace

// One (transposed) convolution's prepared state: its parameters, its weight (dense until the first call, then in
// oneDNN's layout: one copy per layout its plans want, usually one) and a primitive per input shape and kind.
struct sg_conv {
  bool transposed;
  int64_t out_channels, in_channels, groups;
  memory::dims kernel, stride, padding, padding_r, dilation;  // dilation as oneDNN counts it: 0 = none
  bool sum, relu;
  at::Tensor bias;

  std::mutex lock;
  // The weight in each layout a plan wants (dense, as libtorch holds it, until the first plan is made).
  std::vector<std::pair<memory::desc, at::Tensor>> weights;

  struct Plan {
    dnnl::primitive primitive;
    memory::desc src_desc, weight_desc, dst_desc, scratch_desc;
    at::Tensor weight;
  };
  // How a plan's activations are laid out and which kernels it may use.
  enum class Kind {
    channels_last,     // a convolution on its own: channels-last tensors in and out
    blocked,           // inside a chain: the layouts oneDNN's kernel wants (blocked by channels)
    blocked_winograd,  // the same, and a 3×3 stride-1 convolution as Winograd's F(4×4, 3×3) where oneDNN has it
  };
  std::map<std::tuple<int64_t, int64_t, int64_t, Kind>, Plan> plans;

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

  // The plan for an input of n×h×w. Blocked layouts are for chains, whose conversions into and out of them
  // happen once per chain, not per convolution.
  const Plan& plan(int64_t n, int64_t h, int64_t w, Kind kind) {
    std::lock_guard<std::mutex> guard(lock);
    auto key = std::make_tuple(n, h, w, kind);
    auto found = plans.find(key);
    if (found != plans.end()) return found->second;

    const auto any_weight = layout(weight_dims(), memory::format_tag::any);
    const memory::dims src_dims{n, in_channels, h, w};
    const memory::dims dst_dims{n, out_channels, output_size(0, h), output_size(1, w)};
    const auto tag = kind == Kind::channels_last ? memory::format_tag::nhwc : memory::format_tag::any;
    const auto src = layout(src_dims, tag);
    const auto dst = layout(dst_dims, tag);
    dnnl::post_ops fused;
    if (sum) fused.append_sum(1.0f);
    if (relu) fused.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    dnnl::primitive_attr attributes;
    attributes.set_post_ops(fused);
    // Scratch memory comes from libtorch's allocator per call rather than from oneDNN's own cache.
    attributes.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    if (kind == Kind::blocked_winograd) {
      if (auto made = winograd(src, dst, attributes)) return plans.emplace(key, std::move(*made)).first->second;
    }
    return plans.emplace(key, transposed ? make<dnnl::deconvolution_forward>(
                                               dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct,
                                               src, any_weight, dst, attributes)
                                         : make<dnnl::convolution_forward>(
                                               dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                               src, any_weight, dst, attributes))
        .first->second;
  }

  // Winograd's plan of a 3×3 stride-1 convolution, or none: where oneDNN has no kernel for it, or where its
  // scratch (the input and output transformed into 6×6 tiles, ≈ 2.25× their size) would exceed
  // kLargestWinogradScratch, which at full resolution would raise the model's peak memory. 4× fewer
  // multiply-adds; results round differently from the direct kernel's, by ≈ 1e-6 relative. oneDNN 2.6 has this
  // kernel only in its training variant (the weight transformed per call into the scratch); the inference variant
  // keeps it transformed, 4× the weight's size.
  std::optional<Plan> winograd(const memory::desc& src, const memory::desc& dst,
                               const dnnl::primitive_attr& attributes) {
    // The kernel blocks channels by 16: padding e.g. an RGB input up to 16 channels costs more than it saves.
    const bool shaped = !transposed && groups == 1 && !sum && kernel == memory::dims{3, 3} &&
                        stride == memory::dims{1, 1} && dilation == memory::dims{0, 0} && in_channels % 16 == 0 &&
                        out_channels % 16 == 0;
    if (!shaped) return std::nullopt;
    std::optional<dnnl::convolution_forward::primitive_desc> chosen;
    try {
      chosen.emplace(describe<dnnl::convolution_forward>(dnnl::prop_kind::forward_training,
                                                         dnnl::algorithm::convolution_winograd, src,
                                                         layout(weight_dims(), memory::format_tag::any), bias, dst,
                                                         stride, dilation, padding, padding_r),
                     attributes, cpu());
    } catch (const dnnl::error&) {
      return std::nullopt;  // no kernel here (instruction set, padding)
    }
    if (chosen->scratchpad_desc().get_size() > kLargestWinogradScratch) return std::nullopt;
    return plan_of<dnnl::convolution_forward>(*chosen);
  }

  template <typename Op>
  Plan make(dnnl::prop_kind kind, dnnl::algorithm algorithm, const memory::desc& src, const memory::desc& any_weight,
            const memory::desc& dst, const dnnl::primitive_attr& attributes) {
    return plan_of<Op>(typename Op::primitive_desc(
        describe<Op>(kind, algorithm, src, any_weight, bias, dst, stride, dilation, padding, padding_r), attributes,
        cpu()));
  }

  // The plan of what oneDNN chose, with the weight in the layout its kernel takes: a copy another plan already
  // made, or a new one (the dense weight is dropped once the first plan has its own).
  template <typename Op>
  Plan plan_of(const typename Op::primitive_desc& chosen) {
    const auto wanted = chosen.weights_desc();
    auto same = std::find_if(weights.begin(), weights.end(), [&](const auto& copy) { return copy.first == wanted; });
    if (same == weights.end()) {
      auto reordered = bytes(wanted);
      const auto& [from_desc, from] = weights.back();
      convert(memory(from_desc, cpu(), from.data_ptr()), memory(wanted, cpu(), reordered.data_ptr()));
      if (plans.empty()) weights.clear();
      weights.emplace_back(wanted, reordered);
      same = std::prev(weights.end());
    }
    return Plan{Op(chosen), chosen.src_desc(), same->first, chosen.dst_desc(), chosen.scratchpad_desc(), same->second};
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
    conv->weights.emplace_back(memory::desc(conv->weight_dims(), memory::data_type::f32, conv->libtorch_layout()),
                               weight->contiguous());
    return conv.release();
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}

SG_EXPORT void sg_conv_free(sg_conv* conv) { delete conv; }

namespace {

// An activation between oneDNN calls: a channels-last tensor, or inside a chain bytes in a kernel's layout.
struct Activation {
  at::Tensor data;
  memory::desc desc;

  memory in() const { return memory(desc, cpu(), data.data_ptr()); }
};

bool is_channels_last(const memory::desc& desc) { return desc == activation(desc.dims()); }

Activation channels_last(at::Tensor tensor) {
  auto desc = activation(dims(tensor.sizes()));
  return {std::move(tensor), desc};
}

memory::desc contiguous(const memory::dims& shape) { return layout(shape, memory::format_tag::nchw); }

// A new activation in `desc`'s layout: a tensor where that is channels-last or contiguous, else bytes.
Activation allocate(const memory::desc& desc) {
  const auto& shape = desc.dims();
  const at::IntArrayRef sizes(shape.data(), shape.size());
  if (is_channels_last(desc)) {
    return channels_last(at::empty(sizes, at::TensorOptions(at::kFloat).memory_format(at::MemoryFormat::ChannelsLast)));
  }
  if (desc == contiguous(shape)) return {at::empty(sizes, at::kFloat), desc};
  return {bytes(desc), desc};
}

// `x` in `desc`'s layout: itself if it is already, else a converted copy.
Activation to_layout(Activation x, const memory::desc& desc) {
  if (x.desc == desc) return x;
  auto converted = allocate(desc);
  convert(x.in(), converted.in());
  return converted;
}

void check_input(const sg_conv* conv, const at::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == conv->in_channels, "convolution: expected input of shape [N, ",
              conv->in_channels, ", H, W], got ", x.sizes());
  TORCH_CHECK(x.scalar_type() == at::kFloat && x.device().is_cpu(),
              "convolution: a prepared convolution runs on float32 CPU tensors, got ", x.toString());
  TORCH_CHECK(!x.requires_grad(), "convolution: a prepared convolution computes no gradients; call it under no_grad");
}

// Runs `plan` of `conv` from `src` (in the plan's source layout) into `dst` (in its destination layout).
void execute(const sg_conv* conv, const sg_conv::Plan& plan, const Activation& src, const Activation& dst) {
  auto scratch = bytes(plan.scratch_desc);
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src.in()},
      {DNNL_ARG_WEIGHTS, memory(plan.weight_desc, cpu(), plan.weight.data_ptr())},
      {DNNL_ARG_DST, dst.in()},
      {DNNL_ARG_SCRATCHPAD, memory(plan.scratch_desc, cpu(), scratch.data_ptr())}};
  if (conv->bias.defined()) {
    args.emplace(DNNL_ARG_BIAS, memory(per_channel(conv->out_channels), cpu(), conv->bias.data_ptr()));
  }
  plan.primitive.execute(this_threads_stream(), args);
  this_threads_stream().wait();
}

// The convolution of `x` (any layout; made channels-last if it is not). With `accumulate` (the convolution's
// `sum`), the result is added onto it, which is overwritten and returned when it is channels-last already (the
// caller hands over a tensor nothing else reads); otherwise a new channels-last tensor is returned.
at::Tensor run(sg_conv* conv, const at::Tensor& x, const at::Tensor* accumulate) {
  check_input(conv, x);
  TORCH_CHECK(conv->sum == (accumulate != nullptr),
              conv->sum ? "convolution: this prepared convolution adds onto a tensor, and none was given"
                        : "convolution: this prepared convolution adds onto nothing, but a tensor was given");
  at::internal::lazy_init_num_threads();
  const auto& plan = conv->plan(x.size(0), x.size(2), x.size(3), sg_conv::Kind::channels_last);
  Activation out;
  if (accumulate) {
    const auto& shape = plan.dst_desc.dims();
    const at::IntArrayRef out_sizes(shape.data(), shape.size());
    TORCH_CHECK(accumulate->sizes().equals(out_sizes), "convolution: the tensor to add onto has shape ",
                accumulate->sizes(), ", the convolution gives ", out_sizes);
    TORCH_CHECK(accumulate->scalar_type() == at::kFloat && accumulate->device().is_cpu(),
                "convolution: the tensor to add onto must be float32 on the CPU, got ", accumulate->toString());
    out = channels_last(accumulate->contiguous(at::MemoryFormat::ChannelsLast));
  } else {
    out = allocate(plan.dst_desc);
  }
  execute(conv, plan, channels_last(x.contiguous(at::MemoryFormat::ChannelsLast)), out);
  return out.data;
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
// convolution (for a narrow model the per-op tensors, not the arithmetic, are the cost), and they stay in the
// layouts the kernels want (blocked by channels; Winograd's where it applies, see sg_conv::plan): the input is
// converted once on the way in and the result once on the way out, to channels-last. None may take a sum. With
// `take_input` the input's reference moves here (the handle is left undefined), so the input is freed as soon as
// the first convolution has read it, as the forward would dispose it there, rather than after the whole run.
// Without `winograd` every convolution runs the direct kernel (rounding as a convolution on its own does). With
// `contiguous` the result comes out contiguous (NCHW) instead of channels-last: a model's result, written once.
SG_EXPORT sg_tensor sg_conv_chain_forward(sg_conv* const* convs, int64_t count, sg_tensor input, bool take_input,
                                          bool winograd, bool contiguous_result) {
  const auto kind = winograd ? sg_conv::Kind::blocked_winograd : sg_conv::Kind::blocked;
  try {
    TORCH_CHECK(count >= 1, "a convolution chain needs at least one convolution");
    at::Tensor first = take_input ? std::move(*input) : *input;
    check_input(convs[0], first);
    at::internal::lazy_init_num_threads();
    Activation x = channels_last(first.contiguous(at::MemoryFormat::ChannelsLast));
    first = at::Tensor();
    for (int64_t i = 0; i < count; ++i) {
      sg_conv* conv = convs[i];
      TORCH_CHECK(!conv->sum, "convolution chain: convolution ", i,
                  " adds onto a tensor; a chain passes only each result to the next");
      const auto& shape = x.desc.dims();
      TORCH_CHECK(shape[1] == conv->in_channels, "convolution chain: convolution ", i, " takes ", conv->in_channels,
                  " channels, the one before gives ", shape[1]);
      const auto& plan = conv->plan(shape[0], shape[2], shape[3], kind);
      x = to_layout(std::move(x), plan.src_desc);
      auto y = allocate(plan.dst_desc);
      execute(conv, plan, x, y);
      x = std::move(y);
    }
    const auto result = contiguous_result ? contiguous(x.desc.dims()) : activation(x.desc.dims());
    return sg::wrap(to_layout(std::move(x), result).data);
  } catch (...) {
    sg::capture_error();
    return nullptr;
  }
}
