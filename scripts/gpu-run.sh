#!/usr/bin/env bash
# scripts/gpu-run.sh — the real run on a GPU host, reproducible in one go.
#
#   scripts/gpu-run.sh prepare          here (JDK 17 + Maven wrapper): build the jars, jlink a Java runtime into .jre/,
#                                       stage every jar the run needs in .carry/native/lib/ (both folders git-ignored)
#   scripts/gpu-run.sh run OUTDIR       on the GPU host (no Java or Maven needed there; carry .jre and .carry):
#                                       CUDA contract tests, the workload on both designs at 1..16 threads with
#                                       recorded histories checked offline, seeded broken allocators on the GPU, the
#                                       out-of-memory fault, and the allocator benchmark; logs land in OUTDIR
#   scripts/gpu-run.sh jmh OUTDIR       on the GPU host: only the JMH benchmarks of the stream pool (part of run)
#   scripts/gpu-run.sh all OUTDIR       both, on a machine that has a GPU and a JDK
#
# Environment: THREADS (default "1 2 4 8 16"), STEPS (default 3000), BENCH_SECONDS (default 3), JMH_MODE (quick or
# full; default quick), JMH_THREADS (default 1,2,4,8,16).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
lib=.carry/native/lib

prepare() {
  bash native/gpu-bundle.sh --jre >/dev/null
  ./mvnw -q -B -DskipTests package -pl app -am
  for m in model bench app; do cp "$m"/target/harness-"$m"-*[0-9T].jar "$lib/harness-$m.jar"; done
  # JMH and its two dependencies, from the classpath Maven resolved for the benchmarks' smoke test (which also proves
  # that every benchmark runs before the jars travel)
  ./mvnw -q -B -pl bench -am verify -Dtest=JmhSweepTest -Dsurefire.failIfNoSpecifiedTests=false >&2
  grep -o 'name="surefire.test.class.path" value="[^"]*"' bench/target/surefire-reports/TEST-*JmhSweepTest.xml \
    | sed 's/^.*value="//; s/"$//' | tr ':' '\n' | grep -E '/(jmh-core|jopt-simple|commons-math3)-[^/]*\.jar$' \
    | xargs -I{} cp {} "$lib/"
  du -sh .jre .carry
}

run() {
  out="${1:?usage: gpu-run.sh run OUTDIR}"
  hist="${HIST_DIR:-/tmp/gpu-run-histories}"   # large: kept on the host, decided there
  mkdir -p "$out" "$hist"
  java=.jre/bin/java
  H() { "$java" -Xmx16g -cp "$lib/*" org.mpsharness.app.Harness "$@"; }
  status=0
  { date -u; uname -a; nproc; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv; } > "$out/machine.txt" 2>&1 || true
  "$java" -cp "$lib/*" org.mpsharness.backend.testsupport.RunTests org.mpsharness.backend.cuda.CudaGpuTest \
      > "$out/cuda-tests.txt" 2>&1 || status=1
  : > "$out/workload.txt"
  for t in ${THREADS:-1 2 4 8 16}; do
    H run --backend cuda --threads "$t" --steps "${STEPS:-3000}" --mix peers --gpu-nanos 20000 \
        --history "$hist/t$t" >> "$out/workload.txt" 2>&1 || status=1
  done
  # the same files decided again through the command line, as a native port's own recordings would be
  for d in "$hist"/t*/; do
    H history --spec allocator "$d"*-allocator.jsonl >> "$out/histories.txt" 2>&1 || status=1
    H history --spec stream-pool "$d"*-stream-pool.jsonl >> "$out/histories.txt" 2>&1 || status=1
  done
  H bench pool-history --ops 100000 --threads 8 >> "$out/histories.txt" 2>&1 || status=1
  : > "$out/variants.txt"
  for v in IgnoreFenceAllocator IgnoreEventsAllocator UnlockedFreeAllocator LeakyThreadCacheAllocator; do
    # a seeded bug must be caught: exit 1 expected
    # slow GPU steps (2 ms) so that each stream's queue runs behind its host thread and freed blocks are still in flight
    if H run --backend cuda --threads 8 --steps 400 --mix peers --gpu-nanos 2000000 --empty-cache-ms 5 --flush-every 4 \
        --variant "org.mpsharness.model.mutants.$v" >> "$out/variants.txt" 2>&1; then
      echo "NOT CAUGHT: $v" >> "$out/variants.txt"; status=1
    else
      echo "caught: $v" >> "$out/variants.txt"
    fi
  done
  # the finding: the faithful baseline's emptyCache under GPU lag (expected to fail), the improved design and the
  # baseline with the minimal fix (expected clean)
  F() { H run --backend cuda --threads 8 --steps 400 --mix peers --gpu-nanos 2000000 --empty-cache-ms 5 --flush-every 4 "$@"; }
  if F --design baseline >> "$out/variants.txt" 2>&1; then echo "finding NOT reproduced" >> "$out/variants.txt"; \
    else echo "finding reproduced: baseline" >> "$out/variants.txt"; fi
  F --design improved >> "$out/variants.txt" 2>&1 && echo "clean: improved" >> "$out/variants.txt" || status=1
  F --variant org.mpsharness.core.alloc.FixedBaselineAllocator >> "$out/variants.txt" 2>&1 \
    && echo "clean: FixedBaselineAllocator" >> "$out/variants.txt" || status=1
  H oom --backend cuda > "$out/oom.txt" 2>&1 || status=1
  H bench alloc --backend cuda --threads 1,2,4,8,16 --seconds "${BENCH_SECONDS:-3}" --rounds 3 \
      > "$out/bench-alloc.txt" 2>&1 || status=1
  # PyTorch's CUDACachingAllocator on the same workload, same host, same run (optional: needs PyTorch and g++ there)
  T=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))' 2>/dev/null || true)
  if [ -n "$T" ] && g++ -O2 -std=c++17 bench/src/main/cpp/torch_alloc_bench.cpp -I"$T/include" \
        -I/usr/local/cuda/include -L"$T/lib" -Wl,--no-as-needed -ltorch_cuda -ltorch_cpu -ltorch -lc10_cuda -lc10 \
        -Wl,--as-needed -Wl,-rpath,"$T/lib" -lpthread \
        -o /tmp/torch_alloc_bench >> "$out/bench-alloc.txt" 2>&1; then
    /tmp/torch_alloc_bench "${BENCH_SECONDS:-3}" 3 1 2 4 8 16 >> "$out/bench-alloc.txt" 2>&1 || status=1
  else
    echo "PyTorch benchmark not built (no PyTorch or g++ here)" >> "$out/bench-alloc.txt"
  fi
  jmh "$out" || status=1
  echo "gpu-run: exit $status" | tee -a "$out/machine.txt"
  return $status
}

# the stream pool's paths (JMH), baseline against improved, at each thread count (about 3 minutes in quick mode)
jmh() {
  out="${1:?usage: gpu-run.sh jmh OUTDIR}"
  mkdir -p "$out"
  .jre/bin/java -cp "$lib/*" org.mpsharness.app.Harness bench jmh --mode "${JMH_MODE:-quick}" \
      --threads "${JMH_THREADS:-1,2,4,8,16}" > "$out/bench-jmh.txt" 2>&1
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  jmh) shift; jmh "$@" ;;
  all) shift; prepare; run "$@" ;;
  *) echo "usage: scripts/gpu-run.sh prepare | run OUTDIR | jmh OUTDIR | all OUTDIR" >&2; exit 2 ;;
esac
