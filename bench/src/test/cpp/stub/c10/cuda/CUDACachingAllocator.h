// Test stand-in for PyTorch's c10/cuda/CUDACachingAllocator.h: just the four calls torch_alloc_bench.cpp makes, over
// malloc/free, so that the benchmark's build, arguments and JSON output are checked on machines without PyTorch.
#pragma once
#include <cstddef>
#include <cstdlib>

namespace c10 {
namespace cuda {
namespace CUDACachingAllocator {
inline void init(int) {}
inline void* raw_alloc_with_stream(std::size_t n, void*) { return std::malloc(n); }
inline void raw_delete(void* p) { std::free(p); }
inline void emptyCache() {}
}  // namespace CUDACachingAllocator
}  // namespace cuda
}  // namespace c10
