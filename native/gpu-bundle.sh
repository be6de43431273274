#!/usr/bin/env bash
# native/gpu-bundle.sh [--jre] - prepares what a GPU host without Maven or Java needs to run the CUDA backend:
#   .carry/native/lib/   harness-core.jar, harness-native.jar, jna.jar, picocli (enough for CudaSmoke)
#                        harness-native-tests.jar + JUnit/AssertJ jars         (for RunTests: the JUnit contract)
#   .jre/                with --jre, a jlinked Java 17 runtime (if not there yet)
# Both paths are git-ignored; pass them to the GPU host as they are (about 50 MiB in all) and run the printed commands
# from the repository root there. Needs a JDK 17 and the Maven wrapper here (it builds, and runs one quick test class
# to learn the exact test classpath that Maven resolved).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -pl native -am verify -Dtest=BackendsTest -Dsurefire.failIfNoSpecifiedTests=false >&2
report=native/target/surefire-reports/TEST-org.mpsharness.backend.BackendsTest.xml
cp_line=$(grep -o 'name="surefire.test.class.path" value="[^"]*"' "$report" | sed 's/^.*value="//; s/"$//')
out=.carry/native/lib
rm -rf "$out"
mkdir -p "$out"
IFS=':' read -r -a entries <<< "$cp_line"
for e in "${entries[@]}"; do
  case "$e" in
    */native/target/classes|*/model/*|*lincheck*|*kotlin*|*/asm*|*byte-buddy-agent*|*atomicfu*|*WebSocket*|*slf4j*|*/annotations-*)
      ;;                                                    # not needed by the backend, its smoke test or its tests
    */native/target/test-classes)
      jar cf "$out/harness-native-tests.jar" -C "$e" . ;;
    */core/target/harness-core-*.jar)
      cp "$e" "$out/harness-core.jar" ;;
    */jna-*.jar)
      cp "$e" "$out/jna.jar" ;;
    *.jar)
      cp "$e" "$out/" ;;
  esac
done
cp native/target/harness-native-*.jar "$out/harness-native.jar" 2>/dev/null || true
ls native/target/harness-native-*.jar >/dev/null  # fail loudly if the jar was not built
# jdk.jfr: Flight Recorder for scripts/gpu-run.sh profile (recording and the JfrSummary reader); a runtime jlinked
# before it was on the list is rebuilt
# java.instrument and jdk.attach: Lincheck attaches its agent at run time (`check` on the GPU host); jdk.management:
# the checks' CPU-time figures
modules=java.base,jdk.unsupported,java.management,jdk.management,java.logging,jdk.jfr,java.instrument,jdk.attach
if [ "${1:-}" = "--jre" ] && { [ ! -x .jre/bin/java ] || ! grep -q 'jdk\.management' .jre/release 2>/dev/null; }; then
  rm -rf .jre
  jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output .jre >&2
fi
du -sh "$out" .jre 2>/dev/null >&2 || true
cat <<EOT
# CUDA smoke test (self-checks + workload on both designs), from the repository root on the GPU host:
.jre/bin/java -cp '.carry/native/lib/*' org.mpsharness.backend.smoke.CudaSmoke --threads 4,16
# the JUnit CUDA contract (CudaGpuTest) and the backend-selection tests:
.jre/bin/java -cp '.carry/native/lib/*' org.mpsharness.backend.testsupport.RunTests org.mpsharness.backend.cuda.CudaGpuTest org.mpsharness.backend.BackendsTest
EOT
