package org.mpsharness.core.sim;

/**
 * Settings of a {@link SimDevice}. Immutable; start from {@link #defaults()} and use the {@code with*} methods.
 *
 * @param name                       device name in reports
 * @param capacityBytes              device memory: heap creation beyond it returns null (memory is backed lazily, so a
 *                                   large capacity costs nothing until written)
 * @param recommendedMaxWorkingSet   base of the allocator's watermarks
 * @param unifiedMemory              Apple-silicon style shared memory
 * @param bufferAlignment            size/alignment granule of buffers in heaps
 * @param mode                       ASYNC: a worker thread per queue runs committed work; MANUAL: work runs only when
 *                                   {@link SimDevice#drain()} or a waiter drives it (deterministic, for model checking)
 * @param commitCpuNanos             CPU cost charged to the committing thread for a plain commit (a model of command
 *                                   buffer creation and submission; 0 = free)
 * @param continueCpuNanos           CPU cost of a commitAndContinue (cheaper on Metal; see docs/design.md)
 * @param waitTimeoutMillis          a queue waiting on an event longer than this fails its command buffer
 */
public record SimConfig(String name, long capacityBytes, long recommendedMaxWorkingSet, boolean unifiedMemory,
                        long bufferAlignment, Mode mode, long commitCpuNanos, long continueCpuNanos,
                        long waitTimeoutMillis) {

    public enum Mode { ASYNC, MANUAL }

    public static final long GiB = 1L << 30;

    public SimConfig {
        if (capacityBytes <= 0 || recommendedMaxWorkingSet <= 0 || Long.bitCount(bufferAlignment) != 1
                || commitCpuNanos < 0 || continueCpuNanos < 0 || waitTimeoutMillis <= 0) {
            throw new IllegalArgumentException("invalid simulated device settings: " + name);
        }
    }

    public static SimConfig defaults() {
        return new SimConfig("sim", 64 * GiB, 48 * GiB, true, 256, Mode.ASYNC, 0, 0, 30_000);
    }

    public SimConfig withCapacity(long bytes) {
        return new SimConfig(name, bytes, Math.min(recommendedMaxWorkingSet, bytes), unifiedMemory, bufferAlignment,
                mode, commitCpuNanos, continueCpuNanos, waitTimeoutMillis);
    }

    public SimConfig withRecommendedMaxWorkingSet(long bytes) {
        return new SimConfig(name, capacityBytes, bytes, unifiedMemory, bufferAlignment, mode, commitCpuNanos,
                continueCpuNanos, waitTimeoutMillis);
    }

    public SimConfig withMode(Mode m) {
        return new SimConfig(name, capacityBytes, recommendedMaxWorkingSet, unifiedMemory, bufferAlignment, m,
                commitCpuNanos, continueCpuNanos, waitTimeoutMillis);
    }

    public SimConfig withCommitCosts(long commitNanos, long continueNanos) {
        return new SimConfig(name, capacityBytes, recommendedMaxWorkingSet, unifiedMemory, bufferAlignment, mode,
                commitNanos, continueNanos, waitTimeoutMillis);
    }

    public SimConfig withUnifiedMemory(boolean unified) {
        return new SimConfig(name, capacityBytes, recommendedMaxWorkingSet, unified, bufferAlignment, mode,
                commitCpuNanos, continueCpuNanos, waitTimeoutMillis);
    }
}
