// The allocator workload of peers.md against PyTorch's CUDACachingAllocator, so that the figure we must beat is
// measured on the same GPU host, in the same run, by the same workload as ours (bench/.../AllocBench.java):
// each thread has its own stream (from PyTorch's pool); sizes 80% 512 B..1 MiB and 20% 2..32 MiB (powers of two);
// 8 live blocks per thread, slot i % 8 freed then re-allocated; one op = one alloc + one free. Best of the timed rounds.
//
// Build on a host with PyTorch (see scripts/gpu-run.sh):
//   T=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')
//   g++ -O2 -std=c++17 torch_alloc_bench.cpp -I$T/include -I/usr/local/cuda/include -L$T/lib -Wl,--no-as-needed \
//       -ltorch_cuda -ltorch_cpu -ltorch -lc10_cuda -lc10 -Wl,--as-needed -Wl,-rpath,$T/lib -lpthread -o torch_alloc_bench
// (libtorch_cuda must be loaded: its static initialisers register the CUDA hooks that getStreamFromPool needs)
// Run: ./torch_alloc_bench SECONDS ROUNDS THREADS...
// Output: on stdout a JSON array in the shape `bench alloc --json` writes (JMH's fields that apply: benchmark, mode,
// threads, forks, params.design = "pytorch", primaryMetric with the best window as score and every window in rawData),
// which `bench alloc --pytorch EXE` reads; a human-readable line per thread count on stderr.
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAStream.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>


namespace {

struct alignas(64) Counter {
  std::atomic<long> n{0};
};

size_t next_size(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  bool small = u(rng) < 0.8;
  int lo = small ? 9 : 21;   // 512 B or 2 MiB
  int hi = small ? 20 : 25;  // 1 MiB or 32 MiB
  std::uniform_int_distribution<int> e(lo, hi);
  return size_t{1} << e(rng);
}

std::vector<double> run(int threads, double seconds, int rounds) {
  std::vector<Counter> counts(threads);
  std::atomic<bool> stop{false};
  std::atomic<int> ready{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; t++) {
    ts.emplace_back([&, t] {
      c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
      std::mt19937_64 rng(1234 + t);
      void* live[8] = {nullptr};
      ready++;
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (int k = 0; k < 64; k++) {
          int i = n & 7;
          if (live[i]) c10::cuda::CUDACachingAllocator::raw_delete(live[i]);
          live[i] = c10::cuda::CUDACachingAllocator::raw_alloc_with_stream(next_size(rng), stream.stream());
          n++;
        }
        counts[t].n.store(n, std::memory_order_release);
      }
      for (void* p : live) if (p) c10::cuda::CUDACachingAllocator::raw_delete(p);
    });
  }
  while (ready.load() < threads) std::this_thread::yield();
  auto sum = [&] { long s = 0; for (auto& c : counts) s += c.n.load(std::memory_order_acquire); return s; };
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // warm-up
  std::vector<double> windows;
  for (int r = 0; r < rounds; r++) {
    long before = sum();
    auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    windows.push_back((sum() - before) / dt);
  }
  stop = true;
  for (auto& th : ts) th.join();
  c10::cuda::CUDACachingAllocator::emptyCache();
  return windows;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: torch_alloc_bench SECONDS ROUNDS THREADS...\n");
    return 2;
  }
  double seconds = std::atof(argv[1]);
  int rounds = std::atoi(argv[2]);
  c10::cuda::CUDACachingAllocator::init(1);
  std::printf("[");
  for (int a = 3; a < argc; a++) {
    int t = std::atoi(argv[a]);
    std::vector<double> w = run(t, seconds, rounds);
    double best = 0;
    for (double x : w) best = x > best ? x : best;
    std::fprintf(stderr, "pytorch-cuda-caching %3d threads %16.0f ops/s (best of %d x %g s, alloc+free pairs)\n", t,
                 best, rounds, seconds);
    std::printf("%s\n  {\"benchmark\": \"org.mpsharness.bench.AllocBench.peers\", \"mode\": \"thrpt\", "
                "\"threads\": %d, \"forks\": 0, \"params\": {\"design\": \"pytorch\"},\n"
                "   \"primaryMetric\": {\"score\": %.1f, \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\", "
                "\"rawData\": [[",
                a == 3 ? "" : ",", t, best);
    for (size_t i = 0; i < w.size(); i++) std::printf("%s%.1f", i ? ", " : "", w[i]);
    std::printf("]]},\n   \"secondaryMetrics\": {}, \"leaks\": []}");
    std::fflush(stdout);
  }
  std::printf("\n]\n");
  return 0;
}
