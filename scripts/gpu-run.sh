#!/usr/bin/env bash
# scripts/gpu-run.sh — the runs on a GPU host, reproducible in one go. The host has no Java and no Maven: `prepare`
# builds everything here and the device call carries .jre and .carry (both git-ignored, <= 64 MiB together).
#
#   scripts/gpu-run.sh prepare          here (JDK 17 + Maven wrapper): build the jars, jlink a Java runtime into .jre/,
#                                       stage every jar the runs need in .carry/native/lib/, record the commit
#   scripts/gpu-run.sh run OUTDIR       there: every performance figure as JSON, in one call of at most 10 minutes —
#                                       bench alloc (baseline, improved, baseline+1 beside the bound, PyTorch's
#                                       CUDACachingAllocator and cuMemAllocAsync, 1..16 threads), the JMH benchmarks
#                                       (1..16 threads), the JMH ablations (baseline+2..5 at 1 and 16 threads), then,
#                                       if time is left, the JFR profile. OUTDIR gets results.tar.gz (one folder
#                                       <date>-<gpu>/ to unpack into docs/results/) and summary.txt
#   scripts/gpu-run.sh profile OUTDIR   there: JFR of bench alloc on the improved design at 1 and 16 threads,
#                                       summarised into profile-t1.txt / profile-t16.txt (top frames, allocation,
#                                       monitors, parks), packed the same way
#   scripts/gpu-run.sh jmh OUTDIR       there: only the JMH part of `run`
#   scripts/gpu-run.sh alloc OUTDIR     there: only the bench alloc part of `run` (then the profile, if time is left)
#   scripts/gpu-run.sh checks OUTDIR    there: the correctness runs on the GPU — CUDA contract tests, the workload on
#                                       both designs at 1..16 threads with recorded histories decided offline, seeded
#                                       broken allocators, the finding, the out-of-memory fault (logs in OUTDIR)
#   scripts/gpu-run.sh variants OUTDIR there: every seeded variant through the workload on the device (rhythm from seeds
#                                       1..SEEDS until caught), then the correct designs on the same seeds
#   scripts/gpu-run.sh all OUTDIR       prepare, checks and run, on a machine that has a GPU and a JDK
#
# Environment: BUDGET (seconds `run` may take, default 540: the device call stops at 600), ALLOC_SECONDS (window,
# default 1), ALLOC_ROUNDS (default 3), ALLOC_THREADS (default 1,2,4,8,16), ALLOC_DESIGNS (default
# "both;baseline+1"), JMH_MODE (default batch), JMH_THREADS (default 1,2,4,8,16), ABLATION_THREADS (default 1,16),
# PROFILE (auto: at the end of run if 90 s are left; no), BACKEND (cuda; sim to try the script on a machine without
# a GPU), RUN_NAME (the results folder, default <date>-<gpu>), LABEL (what the figures are for, in their metadata),
# THREADS / STEPS (checks: "1 2 4 8 16", 3000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
lib=.carry/native/lib
java=.jre/bin/java
label="${LABEL:-GPU host, scripts/gpu-run.sh run}"
start=$SECONDS

prepare() {
  bash native/gpu-bundle.sh --jre >/dev/null
  ./mvnw -q -B -DskipTests package -pl app -am
  for m in model stress bench app; do cp "$m"/target/harness-"$m"-*[0-9T].jar "$lib/harness-$m.jar"; done
  # JMH, Jackson and their dependencies, from the classpath Maven resolved for the benchmarks' smoke test (which also
  # proves that every benchmark runs before the jars travel)
  ./mvnw -q -B -pl bench -am verify -Dtest=JmhSweepTest -Dsurefire.failIfNoSpecifiedTests=false >&2
  grep -o 'name="surefire.test.class.path" value="[^"]*"' bench/target/surefire-reports/TEST-*JmhSweepTest.xml \
    | sed 's/^.*value="//; s/"$//' | tr ':' '\n' \
    | grep -E '/(jmh-core|jopt-simple|commons-math3|jackson-databind|jackson-core|jackson-annotations)-[^/]*\.jar$' \
    | xargs -I{} cp {} "$lib/"
  # Lincheck and Kotlin for `check --backend cuda` (model's run-time class path; its byte-buddy replaces the newer
  # one the native tests' assertj brought: one version on the class path)
  ./mvnw -q -B -pl model dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$root/.carry/model-cp.txt"
  tr ':' '\n' < .carry/model-cp.txt | grep -Ev '/(junit|assertj|opentest4j|apiguardian|harness)[^/]*/' \
    | xargs -I{} cp {} "$lib/"
  if ls "$lib"/byte-buddy-1.14.*.jar >/dev/null 2>&1; then
    find "$lib" -name 'byte-buddy-*.jar' ! -name 'byte-buddy-1.14.*' ! -name 'byte-buddy-agent-*' -delete
  fi
  rm -f .carry/model-cp.txt
  # the commit the figures are measured on, for their metadata (the GPU host gets the tree, not the git history)
  git describe --always --dirty --abbrev=40 > .carry/commit 2>/dev/null || echo unknown > .carry/commit
  # the carried class path must start the commands the runs use (a module added to app's dependencies and not staged
  # here fails only on the GPU host otherwise)
  "$java" -cp "$lib/*" org.mpsharness.app.Harness bench alloc --help >/dev/null
  "$java" -cp "$lib/*" org.mpsharness.app.Harness run --help >/dev/null
  "$java" -cp "$lib/*" org.mpsharness.app.Harness check --help >/dev/null
  du -sh .jre .carry
  du -sc .jre .carry | awk 'END { if ($1 > 64 * 1024) { print "carry too large: " $1 " KiB > 64 MiB" > "/dev/stderr"; exit 1 } }'
}

left() { echo $(( ${BUDGET:-540} - (SECONDS - start) )); }

# T CMD...: CMD under a time limit of what is left of the budget, less 20 s to pack what was measured
T() {
  local lim; lim=$(( $(left) - 20 ))
  [ "$lim" -ge 5 ] || lim=5
  timeout --kill-after=5 "$lim" "$@"
}

# the harness on the carried runtime; -Dharness.commit names the commit in every results file's metadata
H() { T "$java" -Xmx16g -Dharness.commit="$(cat .carry/commit 2>/dev/null || echo unknown)" -cp "$lib/*" \
        org.mpsharness.app.Harness "$@"; }

# step NAME ESTIMATE CMD...: runs CMD (its commands are time-limited by T), or skips it, saying so, when less than
# ESTIMATE seconds are left of the budget; the outcome goes to the work folder's steps.txt
step() {
  local name=$1 estimate=$2; shift 2
  local rest; rest=$(( $(left) - 20 ))
  if [ "$rest" -lt "$estimate" ]; then
    echo "$name: SKIPPED (${rest}s left of the budget, needs ~${estimate}s)" | tee -a "$work/logs/steps-$mode.txt" >&2
    return 0
  fi
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  echo "$name: exit $rc, $((SECONDS - t0))s" | tee -a "$work/logs/steps-$mode.txt" >&2
  return 0
}

# the work folder: /tmp/gpu-run/<date>-<gpu model>/ (the name the run keeps under docs/results/); the logs of each
# mode have their own names, so that unpacking a profile call's results beside a run's adds and overwrites nothing
open_work() {
  mode=$1
  local gpu
  gpu=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | awk '{print tolower($NF)}' || true)
  run_name="${RUN_NAME:-$(date -u +%Y-%m-%d)-${gpu:-nogpu}}"
  work="/tmp/gpu-run/$run_name"
  mkdir -p "$work/logs"
  { date -u; uname -a; nproc; lscpu 2>/dev/null | grep -E 'Model name|^CPU\(s\)|Thread|NUMA node\(s\)' || true
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || echo "no nvidia-smi"
    echo "commit: $(cat .carry/commit 2>/dev/null || echo unknown)"; } > "$work/logs/machine-$mode.txt" 2>&1
}

# OUTDIR/results.tar.gz (the run folder) and OUTDIR/summary.txt; called after every step, so a call cut short still
# returns what was measured
pack() {
  local out=$1
  mkdir -p "$out"
  tar -czf "$out/results.tar.gz.tmp" -C "$(dirname "$work")" "$run_name" && mv "$out/results.tar.gz.tmp" "$out/results.tar.gz"
  { echo "== $run_name ($(( SECONDS - start ))s)"; cat "$work/logs/steps-$mode.txt" 2>/dev/null || true
    for f in "$work"/logs/bench-alloc.txt "$work"/logs/profile-summary.txt; do
      [ -f "$f" ] && { echo; echo "== $(basename "$f") (tail)"; tail -60 "$f"; }
    done
    local page; page="$(dirname "$work")/performance.md"
    [ -f "$page" ] && { echo; echo "== targets (this run)"
      sed -n "/Run $run_name/,/^## Run /p" "$page" | grep -E '\| (MET|MISSED|NOT MEASURED) \|'; }
  } > "$out/summary.txt" 2>&1 || true
}

# PyTorch's CUDACachingAllocator on the same workload (needs PyTorch and g++ on the host); prints the executable
build_torch_bench() {
  local T exe=/tmp/gpu-run/torch_alloc_bench
  T=$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))' 2>/dev/null || true)
  [ -n "$T" ] || { echo "no PyTorch here" >&2; return 1; }
  if [ ! -x "$exe" ] || [ bench/src/main/cpp/torch_alloc_bench.cpp -nt "$exe" ]; then
    T g++ -O2 -std=c++17 bench/src/main/cpp/torch_alloc_bench.cpp -I"$T/include" -I/usr/local/cuda/include -L"$T/lib" \
        -Wl,--no-as-needed -ltorch_cuda -ltorch_cpu -ltorch -lc10_cuda -lc10 -Wl,--as-needed -Wl,-rpath,"$T/lib" \
        -lpthread -o "$exe" >&2
  fi
  echo "$exe"
}

alloc_step() {
  local torch=() exe
  if exe=$(build_torch_bench 2>>"$work/logs/torch-build.txt"); then torch=(--pytorch "$exe"); fi
  H bench alloc --backend "${BACKEND:-cuda}" --design "${ALLOC_DESIGNS:-both;baseline+1}" --threads "${ALLOC_THREADS:-1,2,4,8,16}" \
      --seconds "${ALLOC_SECONDS:-1}" --rounds "${ALLOC_ROUNDS:-3}" "${torch[@]}" --json "$work/alloc.json" \
      --label "$label" > "$work/logs/bench-alloc.txt" 2>&1
}

jmh_steps() {
  step "jmh sweep" 120 H bench jmh --mode "${JMH_MODE:-batch}" --threads "${JMH_THREADS:-1,2,4,8,16}" \
      --json "$work/jmh.json" --label "$label" > "$work/logs/bench-jmh.txt" 2>&1
  pack "$out"
  # each pool improvement alone; the baseline and the improved design of the same run are in jmh.json
  step "jmh ablations" 60 H bench jmh --mode "${JMH_MODE:-batch}" --threads "${ABLATION_THREADS:-1,16}" \
      --benchmarks 'StreamPoolJmh\.(acquireRelease|getStream|setCurrentStream|commitDecision)' \
      --design 'baseline+2;baseline+3;baseline+4;baseline+5' \
      --json "$work/jmh-ablations.json" --label "$label" \
      > "$work/logs/bench-jmh-ablations.txt" 2>&1
  pack "$out"
}

profile_steps() {
  local t
  for t in 1 16; do
    step "profile $t threads" 30 T "$java" -Xmx16g -XX:StartFlightRecording=filename="/tmp/gpu-run/alloc-t$t.jfr",settings=scripts/alloc-profile.jfc \
        -Dharness.commit="$(cat .carry/commit 2>/dev/null || echo unknown)" -cp "$lib/*" org.mpsharness.app.Harness \
        bench alloc --backend "${BACKEND:-cuda}" --design improved --peers none --threads "$t" --seconds 3 --rounds 2 \
        > "$work/logs/profile-t$t-run.txt" 2>&1
    if [ -f "/tmp/gpu-run/alloc-t$t.jfr" ]; then
      { echo "bench alloc --backend ${BACKEND:-cuda} --design improved --threads $t --seconds 3 --rounds 2, JFR settings"
        echo "scripts/alloc-profile.jfc, commit $(cat .carry/commit 2>/dev/null || echo unknown), $(date -u +%FT%TZ)"
        grep -E 'improved +[0-9]+ threads' "$work/logs/profile-t$t-run.txt" || true
        T "$java" -cp "$lib/*" org.mpsharness.bench.JfrSummary "/tmp/gpu-run/alloc-t$t.jfr" 25; } \
        > "$work/profile-t$t.txt" 2>&1 || true
      rm -f "/tmp/gpu-run/alloc-t$t.jfr"
    fi
    pack "$out"
  done
  # cache-contention evidence where the VM exposes hardware counters (often not under Firecracker: then it says so)
  if command -v perf >/dev/null 2>&1; then
    step "perf stat 16 threads" 30 T perf stat -e cache-references,cache-misses,LLC-load-misses,context-switches \
        -o "$work/logs/perf-stat-t16.txt" "$java" -Xmx16g -cp "$lib/*" org.mpsharness.app.Harness bench alloc \
        --backend "${BACKEND:-cuda}" --design improved --peers none --threads 16 --seconds 2 --rounds 1 >/dev/null 2>&1
  else
    echo "perf not installed: no hardware counters" > "$work/logs/perf-stat-t16.txt"
  fi
  cat "$work"/profile-t*.txt > "$work/logs/profile-summary.txt" 2>/dev/null || true
}

report_step() {
  # a first look on the host, outside the run folder (docs/performance.md is regenerated here from the JSON)
  H bench report --results "$(dirname "$work")" --out "$(dirname "$work")/performance.md" > "$work/logs/report.txt" 2>&1 \
    || true
  rm -f "$work"/*.svg
}

run() {
  out="${1:?usage: gpu-run.sh run OUTDIR}"
  open_work run
  step "bench alloc" 150 alloc_step
  pack "$out"
  jmh_steps
  if [ "${PROFILE:-auto}" = auto ] && [ "$(left)" -ge 90 ]; then profile_steps; fi
  report_step
  pack "$out"
  echo "gpu-run: $(( SECONDS - start ))s; unpack with: tar -xzf results.tar.gz -C docs/results" | tee -a "$out/summary.txt"
}

alloc() {
  out="${1:?usage: gpu-run.sh alloc OUTDIR}"
  open_work alloc
  step "bench alloc" 150 alloc_step
  pack "$out"
  if [ "${PROFILE:-auto}" = auto ] && [ "$(left)" -ge 60 ]; then profile_steps; fi
  report_step
  pack "$out"
}

profile() {
  out="${1:?usage: gpu-run.sh profile OUTDIR}"
  open_work profile
  profile_steps
  pack "$out"
}

jmh() {
  out="${1:?usage: gpu-run.sh jmh OUTDIR}"
  open_work jmh
  jmh_steps
  report_step
  pack "$out"
}

checks() {
  out="${1:?usage: gpu-run.sh checks OUTDIR}"
  BUDGET=${BUDGET:-100000}  # no time budget of its own: the host's limit applies
  hist="${HIST_DIR:-/tmp/gpu-run-histories}"   # large: kept on the host, decided there
  mkdir -p "$out" "$hist"
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
  echo "gpu-run checks: exit $status" | tee -a "$out/machine.txt"
  return $status
}

# every seeded variant of the catalog (the classes under model/mutants) through the workload on the device, with the
# rhythm drawn from seeds 1..SEEDS (default 3) until one catches it (exit 1), then the correct designs on the same
# seeds (exit 0 expected): variants.txt (one line per design), variants-log.txt (the runs' own output)
variants() {
  out="${1:?usage: gpu-run.sh variants OUTDIR}"
  mkdir -p "$out"
  local v seed rc verdict
  : > "$out/variants.txt"; : > "$out/variants-log.txt"
  { date -u; uname -a; nproc; nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null || echo "no GPU";
    echo "commit: $(cat .carry/commit 2>/dev/null || echo unknown)"; } > "$out/machine.txt" 2>&1
  V() { timeout --kill-after=5 "${VTIMEOUT:-90}" "$java" -Xmx8g -cp "$lib/*" org.mpsharness.app.Harness run --backend "${BACKEND:-cuda}" --threads "${VTHREADS:-8}" --steps "${VSTEPS:-300}" --mix peers \
          --gpu-nanos "${VGPU_NANOS:-200000}" --vary-rhythm --seed "$@"; }
  for v in $(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' \
               "$lib/harness-model.jar" | grep '^org/mpsharness/model/mutants/[^$]*\.class$' \
             | sed 's#/#.#g; s#\.class$##' | grep -E "${VFILTER:-.}" | sort); do
    verdict="NOT CAUGHT"
    for seed in $(seq 1 "${SEEDS:-3}"); do
      rc=0; echo "== $v seed $seed" >> "$out/variants-log.txt"
      V "$seed" --variant "$v" >> "$out/variants-log.txt" 2>&1 || rc=$?
      if [ "$rc" = 1 ]; then verdict="caught (seed $seed)"; break; fi
      if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then verdict="HUNG past ${VTIMEOUT:-90}s (seed $seed)"; break; fi
      if [ "$rc" = 2 ]; then verdict="not a workload part (exit 2: $(tail -1 "$out/variants-log.txt"))"; break; fi
      if [ "$rc" != 0 ]; then verdict="UNKNOWN exit $rc (seed $seed)"; break; fi
    done
    echo "${v##*.}: $verdict" | tee -a "$out/variants.txt"
  done
  for d in improved fixed-baseline; do
    verdict=clean
    for seed in $(seq 1 "${SEEDS:-3}"); do
      rc=0; echo "== $d seed $seed" >> "$out/variants-log.txt"
      V "$seed" --design "$d" >> "$out/variants-log.txt" 2>&1 || rc=$?
      if [ "$rc" != 0 ]; then verdict="FALSE ALARM exit $rc (seed $seed)"; break; fi
    done
    echo "correct $d: $verdict" | tee -a "$out/variants.txt"
  done
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  profile) shift; profile "$@" ;;
  jmh) shift; jmh "$@" ;;
  alloc) shift; alloc "$@" ;;
  checks) shift; checks "$@" ;;
  variants) shift; start=$SECONDS; BUDGET=${BUDGET:-100000}; variants "$@" ;;
  all) shift; prepare; checks "$1" || true; run "$1/perf" ;;
  *) echo "usage: scripts/gpu-run.sh prepare | run OUTDIR | alloc OUTDIR | profile OUTDIR | jmh OUTDIR | checks OUTDIR | variants OUTDIR | all OUTDIR" >&2
     exit 2 ;;
esac
