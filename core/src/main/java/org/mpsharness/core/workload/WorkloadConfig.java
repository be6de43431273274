package org.mpsharness.core.workload;

/**
 * Shape of one workload run.
 *
 * @param threads          worker threads, each owning a slot (1..31)
 * @param steps            steps per thread (one step: free the oldest live block, allocate, fill, maybe hand over)
 * @param liveBlocks       blocks each thread keeps alive (peers.md: 8)
 * @param mix              request sizes
 * @param sharedFraction   fraction of SHARED (host-visible) requests, the rest PRIVATE
 * @param handoffEvery     every n-th block is handed to another worker's stream before it is freed (0 = never)
 * @param syncEvery        every n steps a thread waits for its stream and reads back its pattern checks
 * @param gpuNanos         simulated compute per step (one graph execution)
 * @param emptyCacheMillis a background thread empties the allocator's cache this often (0 = never)
 * @param flushEvery       every n steps a thread returns its cached blocks to the shared pools, as a stream switch
 *                         does — blocks then reach other streams while still in flight (0 = never)
 * @param seed             random seed (each thread derives its own)
 */
public record WorkloadConfig(int threads, int steps, int liveBlocks, SizeMix mix, double sharedFraction,
                             int handoffEvery, int syncEvery, long gpuNanos, long emptyCacheMillis, int flushEvery,
                             long seed) {

    public WorkloadConfig {
        if (threads < 1 || threads > 31) {
            throw new IllegalArgumentException("threads must be 1..31 (one worker slot each): " + threads);
        }
        if (steps < 1 || liveBlocks < 1 || syncEvery < 1 || handoffEvery < 0 || gpuNanos < 0
                || emptyCacheMillis < 0 || flushEvery < 0 || !(sharedFraction >= 0 && sharedFraction <= 1)) {
            throw new IllegalArgumentException("invalid workload settings");
        }
    }

    public static WorkloadConfig defaults(int threads) {
        return new WorkloadConfig(threads, 2_000, 8, SizeMix.light(), 0.1, 8, 64, 20_000, 0, 0, 42);
    }

    public WorkloadConfig withSteps(int s) {
        return new WorkloadConfig(threads, s, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                emptyCacheMillis, flushEvery, seed);
    }

    public WorkloadConfig withMix(SizeMix m) {
        return new WorkloadConfig(threads, steps, liveBlocks, m, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                emptyCacheMillis, flushEvery, seed);
    }

    public WorkloadConfig withEmptyCacheMillis(long ms) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                ms, flushEvery, seed);
    }

    public WorkloadConfig withGpuNanos(long ns) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, ns,
                emptyCacheMillis, flushEvery, seed);
    }

    public WorkloadConfig withHandoffEvery(int n) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, n, syncEvery, gpuNanos,
                emptyCacheMillis, flushEvery, seed);
    }

    public WorkloadConfig withFlushEvery(int n) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                emptyCacheMillis, n, seed);
    }

    public WorkloadConfig withSeed(long s) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                emptyCacheMillis, flushEvery, s);
    }

    public WorkloadConfig withThreads(int t) {
        return new WorkloadConfig(t, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery, gpuNanos,
                emptyCacheMillis, flushEvery, seed);
    }

    public WorkloadConfig withSyncEvery(int n) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, n, gpuNanos,
                emptyCacheMillis, flushEvery, seed);
    }

    /** The rhythm in one line, for the report of a run (with the seed that reproduces it). */
    public String rhythm() {
        return String.format("seed %d: %d thread(s) x %d steps, hand-over %s, flush %s, sync every %d steps, "
                        + "GPU %d us/step, emptyCache %s", seed, threads, steps, every(handoffEvery, " steps"),
                every(flushEvery, " steps"), syncEvery, gpuNanos / 1000, every(emptyCacheMillis, " ms"));
    }

    private static String every(long n, String unit) {
        return n == 0 ? "never" : "every " + n + unit;
    }
}
