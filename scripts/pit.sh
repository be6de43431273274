#!/usr/bin/env bash
# scripts/pit.sh [COMPONENT...] — the PIT mutation-testing campaign over core's improved designs, killed (or not) by the
# model's checks (model/src/test/.../pit/ImprovedDesignChecksTest: every check of a component, one test each).
#
#   COMPONENT: freelist | once | gate | pool | alloc | all (default: freelist once gate); alloc in parts for
#              hosts with a time limit per command: alloc-main, alloc-cache, alloc-shard
#   THREADS (default: the CPUs less one), OUT (default: docs/results/<date>-pit-<host>), CHECKS (default all: only
#   these checks, e.g. CHECKS=contract to confirm quickly that a new clause kills its mutants)
#
# On a machine without Maven (the 16-core GPU host has only the runtime that scripts/gpu-run.sh prepare jlinks):
#   scripts/pit.sh bundle                     here: stage PIT's command line, the checks and core's classes in .pit/
#   HOST=1 scripts/pit.sh COMPONENT...        there: the same campaign on .jre/bin/java and .pit/ (carry .jre, .pit;
#                                             BUDGET seconds per component, default 540; reports only, no summary:
#                                             run scripts/pit-summary.py here on the mutations.xml it writes;
#                                             VERBOSE=1 logs every mutant's fate as it is decided, UNIT mutants per
#                                             PIT minion JVM (default 2), MINION_JVM extra JVM options, comma-separated)
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
pitv=1.30.2
checks="${CHECKS:-}"
# records are not mutated (the pom's pit profile says why)
records='org.mpsharness.core.alloc.AllocatorStats*,org.mpsharness.core.alloc.RoundingMemo$Entry'

# bundle: everything a campaign needs but Maven, in .pit/ (git-ignored): PIT's command-line jars with their own
# dependencies (ASM comes with Lincheck) and the JUnit platform launcher its JUnit 5 plugin needs, the model's test class path (jars), core's and model's classes
if [ "$1" = bundle ]; then
  rm -rf .pit; mkdir -p .pit/lib .pit/dirs
  ./mvnw -q -B -pl core,model -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/pit-cp.txt
  tr ':' '\n' < model/target/pit-cp.txt | grep '\.jar$' | grep -v '/harness-' | xargs -I{} cp {} .pit/lib/
  launcher=$(ls .pit/lib | sed -n 's/^junit-platform-engine-\(.*\)\.jar$/\1/p')
  for a in "org.pitest:pitest-command-line:$pitv" "org.pitest:pitest-entry:$pitv" "org.pitest:pitest:$pitv" \
           org.pitest:pitest-junit5-plugin:1.2.3 "org.junit.platform:junit-platform-launcher:$launcher" \
           org.apache.commons:commons-text:1.14.0 org.apache.commons:commons-lang3:3.18.0; do
    ./mvnw -q -B dependency:copy -Dartifact="$a" -DoutputDirectory=.pit/lib
  done
  for m in core model; do
    cp -r "$m/target/classes" ".pit/dirs/$m-classes"
    [ -d "$m/target/test-classes" ] && cp -r "$m/target/test-classes" ".pit/dirs/$m-test-classes"
  done
  du -sh .pit
  exit 0
fi
[ "$1" = all ] && set -- freelist once gate pool alloc

# component -> (the classes mutated, the components whose checks run)
scope() {
  case "$1" in
    freelist) echo "org.mpsharness.core.pool.HomeSlotFreelist*,org.mpsharness.core.pool.FreeSlotWaiters*|FREELIST" ;;
    once) echo "org.mpsharness.core.once.PerSlotOnce*|ONCE_PER_SLOT" ;;
    gate) echo "org.mpsharness.core.stream.AdaptiveCommitGate*,org.mpsharness.core.stream.StreamUsers*|COMMIT_GATE" ;;
    pool) echo "org.mpsharness.core.pool.ComposedStreamPool*,org.mpsharness.core.pool.StoredIndexLookup*|STREAM_POOL,INDEX_LOOKUP" ;;
    alloc) echo "org.mpsharness.core.alloc.ShardedAllocator*,org.mpsharness.core.alloc.ThreadCache*,org.mpsharness.core.alloc.PoolShard*,org.mpsharness.core.alloc.BufferPool*,org.mpsharness.core.alloc.RoundingMemo*,org.mpsharness.core.alloc.EventSignals*|ALLOCATOR" ;;
    alloc-main) echo "org.mpsharness.core.alloc.ShardedAllocator*|ALLOCATOR" ;;
    alloc-cache) echo "org.mpsharness.core.alloc.ThreadCache*|ALLOCATOR" ;;
    alloc-shard) echo "org.mpsharness.core.alloc.PoolShard*,org.mpsharness.core.alloc.BufferPool*,org.mpsharness.core.alloc.RoundingMemo*,org.mpsharness.core.alloc.EventSignals*|ALLOCATOR" ;;
    *) echo "scripts/pit.sh: unknown component '$1' (freelist, once, gate, pool, alloc, alloc-main, alloc-cache, alloc-shard, all)" >&2; exit 2 ;;
  esac
}
for c in "$@"; do scope "$c" >/dev/null; done

mkdir -p "$out"
for c in "$@"; do
  s=$(scope "$c"); classes=${s%%|*}; components=${s##*|}
  echo "pit: $c — mutating $classes with the checks of $components, $threads threads" >&2
  t0=$SECONDS
  if [ -n "${HOST:-}" ]; then
    # the options of the pom's pit profile, on PIT's command line
    d="$root/.pit/dirs"
    timeout --kill-after=10 "${BUDGET:-540}" .jre/bin/java -Xmx4g \
        -cp "$d/core-classes:$d/core-test-classes:$d/model-classes:$d/model-test-classes:.pit/lib/*" \
        org.pitest.mutationtest.commandline.MutationCoverageReport \
        --reportDir "$out/$c" --targetClasses "$classes" --targetTests 'org.mpsharness.model.pit.*' \
        --includedGroups mutation --excludedClasses "$records" --excludedMethods toString,describe,design --threads "$threads" \
        --timeoutConst 30000 --timeoutFactor 2 --outputFormats XML,CSV --timestampedReports=false \
        --failWhenNoMutations=false --mutableCodePaths "$d/core-classes" --sourceDirs core/src/main/java \
        --mutationUnitSize "${UNIT:-2}" ${VERBOSE:+--verbose} \
        --jvmArgs "-Xmx2g,${MINION_JVM:+$MINION_JVM,}-Dharness.pit.components=${components//,/+},-Dharness.pit.checks=${checks//,/+},-Dlincheck.logFile=$out/lincheck-$c.log" \
        > "$out/$c.log" 2>&1 || { echo "pit: $c failed or ran out of time, see $out/$c.log" >&2; continue; }
    echo "pit: $c done in $(( SECONDS - t0 )) s" >&2
    continue
  fi
  ./mvnw -B -Ppit -pl core,model test-compile org.pitest:pitest-maven:mutationCoverage \
      -Dpit.threads="$threads" -DtargetClasses="$classes" -Dpit.components="$components" -Dpit.checks="${CHECKS:-}" \
      > "$out/$c.log" 2>&1 || { echo "pit: $c failed, see $out/$c.log" >&2; continue; }
  rm -rf "${out:?}/$c"; cp -r model/target/pit-reports "$out/$c"
  python3 scripts/pit-summary.py "$out/$c/mutations.xml" "$c" "$(( SECONDS - t0 ))" "$threads" \
      | tee "$out/$c/summary.txt"
done
