// keep_freed_memory(): where libtorch's CPU tensors live once a program asks to keep freed memory.
//
// A training step frees and reallocates the same multi-MiB activations and gradients every step. Handed
// back to the kernel they are page-faulted in again each time (12–20% of a step on two cores); kept in
// glibc's heap they fragment it, so the heap grows 100–390 MiB past the step's live peak (bench/RESULTS.md,
// Notes). Tensors of at least 1 MiB therefore come from one reserved address range managed as an
// address-ordered best fit with coalescing: freed blocks merge with free neighbours, a request takes the
// smallest free extent that holds it (splitting off the rest), and only when none does is the range's
// used part extended. Freed pages stay resident, so a repeating step faults nothing in, and the used part
// stays within a few tens of MiB of the live peak (traces of the bench's training steps and of the
// README's main job, replayed offline). Smaller tensors stay with glibc, under fixed thresholds.

#include "sg_common.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>
#include <c10/core/CPUAllocator.h>

namespace {

class LargeTensorHeap final : public c10::Allocator {
 public:
  static constexpr size_t kLargeBytes = size_t{1} << 20;

  // Installs the heap as libtorch's CPU allocator, once; false if the address range could not be reserved.
  static bool Install() {
    static const bool installed = [] {
      auto* fallback = c10::GetCPUAllocator();
      auto* heap = new LargeTensorHeap(fallback);  // outlives every tensor
      if (!heap->Reserve()) {
        delete heap;
        return false;
      }
      instance_ = heap;
      c10::SetCPUAllocator(heap, /*priority=*/1);
      return true;
    }();
    return installed;
  }

  // Gives the free extents' pages back to the kernel; the address range stays reserved.
  static void ReleaseFree() {
    if (instance_ != nullptr) instance_->Purge();
  }

  c10::DataPtr allocate(size_t bytes) const override {
    // Requests larger than the whole range (only a raw allocate() could ask) would wrap when rounded to pages.
    if (bytes < kLargeBytes || bytes > end_ - base_) return fallback_->allocate(bytes);
    void* address = instance_->Take(RoundToPages(bytes));
    if (address == nullptr) return fallback_->allocate(bytes);  // the range is full: glibc has the rest
    return {address, address, &Free, c10::Device(c10::DeviceType::CPU)};
  }

  // raw_allocate hands out small blocks too, and frees every block through this deleter.
  c10::DeleterFnPtr raw_deleter() const override { return &Free; }

 private:
  explicit LargeTensorHeap(c10::Allocator* fallback) : fallback_(fallback) {}

  static size_t PageSize() {
    static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    return page;
  }

  static size_t RoundToPages(size_t bytes) { return (bytes + PageSize() - 1) / PageSize() * PageSize(); }

  // As much address space as the machine has memory: inaccessible and uncommitted until used, so it costs
  // nothing, and a tensor larger than what is left of it falls back to glibc.
  bool Reserve() {
    size_t bytes = static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * PageSize();
    void* range = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (range == MAP_FAILED) return false;
    base_ = top_ = reinterpret_cast<uintptr_t>(range);
    end_ = base_ + bytes;
    return true;
  }

  static void Free(void* address) {
    auto at = reinterpret_cast<uintptr_t>(address);
    LargeTensorHeap& heap = *instance_;
    if (at < heap.base_ || at >= heap.end_) {
      heap.fallback_->raw_deleter()(address);
      return;
    }
    heap.Give(at);
  }

  void* Take(size_t size) {
    std::lock_guard<std::mutex> lock(mutex_);
    uintptr_t start;
    auto fit = free_by_size_.lower_bound({size, 0});
    if (fit != free_by_size_.end()) {
      start = fit->second;
      size_t extent = fit->first;
      RemoveFree(start, extent);
      if (extent > size) AddFree(start + size, extent - size);
    } else {
      // Extend the used part, starting inside a free extent that ends at its top.
      start = top_;
      if (!free_by_address_.empty()) {
        auto last = std::prev(free_by_address_.end());
        if (last->first + last->second == top_) start = last->first;
      }
      size_t grow = start + size - top_;
      if (grow > end_ - top_) return nullptr;
      if (mprotect(reinterpret_cast<void*>(top_), grow, PROT_READ | PROT_WRITE) != 0) return nullptr;
      if (start != top_) RemoveFree(start, top_ - start);
      top_ += grow;
    }
    in_use_.emplace(start, size);
    return reinterpret_cast<void*>(start);
  }

  void Give(uintptr_t start) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto used = in_use_.find(start);
    // As glibc's "double free detected": a block freed twice would otherwise be handed out twice.
    TORCH_INTERNAL_ASSERT(used != in_use_.end(), "keep_freed_memory's heap: freeing a block that is not in use");
    size_t size = used->second;
    in_use_.erase(used);
    auto next = free_by_address_.lower_bound(start);
    if (next != free_by_address_.end() && next->first == start + size) {
      size += next->second;
      RemoveFree(next->first, next->second);
    }
    next = free_by_address_.lower_bound(start);
    if (next != free_by_address_.begin()) {
      auto previous = std::prev(next);
      if (previous->first + previous->second == start) {
        start = previous->first;
        size += previous->second;
        RemoveFree(previous->first, previous->second);
      }
    }
    AddFree(start, size);
  }

  void Purge() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [start, size] : free_by_address_) madvise(reinterpret_cast<void*>(start), size, MADV_DONTNEED);
  }

  void AddFree(uintptr_t start, size_t size) {
    free_by_address_.emplace(start, size);
    free_by_size_.emplace(size, start);
  }

  void RemoveFree(uintptr_t start, size_t size) {
    free_by_address_.erase(start);
    free_by_size_.erase({size, start});
  }

  static inline LargeTensorHeap* instance_ = nullptr;

  c10::Allocator* fallback_;
  std::mutex mutex_;
  uintptr_t base_ = 0, top_ = 0, end_ = 0;  // reserved [base_, end_); readable and writable [base_, top_)
  std::map<uintptr_t, size_t> free_by_address_;
  std::set<std::pair<size_t, uintptr_t>> free_by_size_;  // smallest first; among equals the lowest address
  std::unordered_map<uintptr_t, size_t> in_use_;
};

}  // namespace

// Also fixes glibc's mmap and trim thresholds for the smaller blocks, so that glibc keeps those freed in its heap.
// Returns false where the address range could not be reserved or mallopt refused a value.
SG_EXPORT bool sg_keep_freed_memory() {
  constexpr int mmap_threshold = 32 << 20;  // glibc's largest accepted value on 64-bit
  constexpr int trim_threshold = 1 << 30;
  // The thresholds help the smaller blocks even where the range could not be reserved: both are applied.
  bool heap = LargeTensorHeap::Install();
  bool thresholds = mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
  return heap && thresholds;
}

// Gives back to the kernel what keep_freed_memory keeps: the large-tensor heap's free extents and glibc's free heap.
SG_EXPORT void sg_release_freed_memory() {
  LargeTensorHeap::ReleaseFree();
  malloc_trim(0);
}
