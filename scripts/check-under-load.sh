#!/usr/bin/env bash
# scripts/check-under-load.sh [--thorough] [DESIGN...] — `./harness check` on every correct design (default: the
# catalog's correct designs), two checks at once, so that on the 2-core build machine each check runs on a loaded
# machine. A correct design must PASS every check whatever the load: a FAIL here is a false alarm (a verdict that
# depends on load); exit 3 (a time-out) is reported separately, as no verdict.
#
# Prints one line per design (exit code, verdicts, wall time) and the load average before and after; the full output
# of each check lands in target/check-under-load/. Needs app/target/harness.jar (./mvnw -q -B -DskipTests package).
# Exit 0 when every design passed, 1 when one failed, 3 when none failed but one timed out.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=app/target/harness.jar
[ -f "$jar" ] || { echo "check-under-load: build first: ./mvnw -q -B -DskipTests package" >&2; exit 2; }
MODE=""
if [ "${1:-}" = "--thorough" ]; then MODE=--thorough; shift; fi
designs=("$@")
if [ ${#designs[@]} -eq 0 ]; then
  # Catalog.correct() (model/src/main/java/org/mpsharness/model/catalog/Catalog.java)
  designs=(org.mpsharness.core.pool.MutexFreelist org.mpsharness.core.pool.BitmaskFreelist
    org.mpsharness.core.pool.HomeSlotFreelist org.mpsharness.core.once.GlobalLockOncePerSlot
    org.mpsharness.core.once.PerSlotOnce org.mpsharness.core.stream.DisabledCommitGate
    org.mpsharness.core.stream.AdaptiveCommitGate org.mpsharness.core.pool.BaselineStreamPool
    org.mpsharness.core.pool.ImprovedStreamPool org.mpsharness.core.alloc.ShardedAllocator
    org.mpsharness.core.alloc.FixedBaselineAllocator)
fi
out=target/check-under-load
rm -rf "$out" && mkdir -p "$out"
echo "check-under-load: ${#designs[@]} designs, 2 at once, ${MODE:-quick}; $(nproc) cores;" \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"

one() {
  local d=$1 log="$out/$1.txt" t0 rc
  t0=$(date +%s)
  set +e
  # shellcheck disable=SC2086 # MODE is empty or one word
  java -jar "$jar" check --design "$d" $MODE >"$log" 2>&1
  rc=$?
  set -e
  printf '%-52s exit %d  %4d s  %s\n' "$d" "$rc" $(( $(date +%s) - t0 )) \
    "$(grep -E '^  [a-z-]+ +(PASS|FAIL|ERROR|TIMEOUT) ' "$log" | awk '{printf "%s=%s ", $1, $2}')"
}
export -f one
export jar out MODE
printf '%s\n' "${designs[@]}" | xargs -P 2 -I{} bash -c 'one "$1"' _ {} | tee -a "$out/summary.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"

if grep -q ' exit 1 ' "$out/summary.txt"; then echo "FALSE ALARM: a correct design failed under load"; exit 1; fi
if grep -qv ' exit 0 ' <(grep ' exit ' "$out/summary.txt"); then echo "UNKNOWN: a check timed out or crashed"; exit 3; fi
echo "OK: every correct design passed every check, two checks at once"
