#!/usr/bin/env bash
# scripts/pit.sh [COMPONENT...] — the PIT mutation-testing campaign over core's improved designs, killed (or not) by the
# model's checks (model/src/test/.../pit/ImprovedDesignChecksTest: every check of a component, one test each).
#
#   COMPONENT: freelist | once | gate | pool | alloc | all (default: freelist once gate)
#   THREADS (default: the CPUs less one), OUT (default: docs/results/<date>-pit-<host>)
#
# Per component: PIT's reports (XML, CSV, HTML) under OUT/<component>/ and a summary (score, survivors with class,
# method, line and mutator) in OUT/<component>/summary.txt. Not in CI: a survivor costs the component's whole check
# suite (tens of seconds to minutes), so a campaign takes minutes per class on 16 cores and hours on 2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
threads="${THREADS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}"
out="${OUT:-docs/results/$(date -u +%Y-%m-%d)-pit-$(hostname -s)}"
[ "$#" -gt 0 ] || set -- freelist once gate
[ "$1" = all ] && set -- freelist once gate pool alloc

# component -> (the classes mutated, the components whose checks run)
scope() {
  case "$1" in
    freelist) echo "org.mpsharness.core.pool.HomeSlotFreelist*,org.mpsharness.core.pool.FreeSlotWaiters*|FREELIST" ;;
    once) echo "org.mpsharness.core.once.PerSlotOnce*|ONCE_PER_SLOT" ;;
    gate) echo "org.mpsharness.core.stream.AdaptiveCommitGate*,org.mpsharness.core.stream.StreamUsers*|COMMIT_GATE" ;;
    pool) echo "org.mpsharness.core.pool.ComposedStreamPool*,org.mpsharness.core.pool.StoredIndexLookup*|STREAM_POOL,INDEX_LOOKUP" ;;
    alloc) echo "org.mpsharness.core.alloc.ShardedAllocator*,org.mpsharness.core.alloc.ThreadCache*,org.mpsharness.core.alloc.PoolShard*,org.mpsharness.core.alloc.ThreadStats*,org.mpsharness.core.alloc.BufferPool*|ALLOCATOR" ;;
    *) echo "scripts/pit.sh: unknown component '$1' (freelist, once, gate, pool, alloc, all)" >&2; exit 2 ;;
  esac
}
for c in "$@"; do scope "$c" >/dev/null; done

mkdir -p "$out"
for c in "$@"; do
  s=$(scope "$c"); classes=${s%%|*}; components=${s##*|}
  echo "pit: $c — mutating $classes with the checks of $components, $threads threads" >&2
  t0=$SECONDS
  ./mvnw -B -Ppit -pl core,model test-compile org.pitest:pitest-maven:mutationCoverage \
      -Dpit.threads="$threads" -DtargetClasses="$classes" -Dpit.components="$components" \
      > "$out/$c.log" 2>&1 || { echo "pit: $c failed, see $out/$c.log" >&2; continue; }
  rm -rf "${out:?}/$c"; cp -r model/target/pit-reports "$out/$c"
  python3 scripts/pit-summary.py "$out/$c/mutations.xml" "$c" "$(( SECONDS - t0 ))" "$threads" \
      | tee "$out/$c/summary.txt"
done
