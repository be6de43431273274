// Test stand-in for PyTorch's c10/cuda/CUDAStream.h (see CUDACachingAllocator.h beside it).
#pragma once

namespace c10 {
namespace cuda {
struct CUDAStream {
  void* stream() const { return nullptr; }
};
inline CUDAStream getStreamFromPool() { return {}; }
}  // namespace cuda
}  // namespace c10
