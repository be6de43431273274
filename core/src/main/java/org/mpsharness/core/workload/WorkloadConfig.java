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
 * @param churnEvery       every n steps a thread gives its slot back and acquires one again, as short-lived request
 *                         threads do: the freelist, the gate's activations and the pool's current stream change
 *                         under load (0 = never)
 * @param defaultEvery     every n-th step runs on the default stream, which every thread shares: several users of
 *                         one stream, as the gate must handle (0 = never)
 * @param seed             random seed (each thread derives its own)
 */
public record WorkloadConfig(int threads, int steps, int liveBlocks, SizeMix mix, double sharedFraction,
                             int handoffEvery, int syncEvery, long gpuNanos, long emptyCacheMillis, int flushEvery,
                             int churnEvery, int defaultEvery, long seed) {

    public WorkloadConfig {
        if (threads < 1 || threads > 31) {
            throw new IllegalArgumentException("threads must be 1..31 (one worker slot each): " + threads);
        }
        if (steps < 1 || liveBlocks < 1 || syncEvery < 1 || handoffEvery < 0 || gpuNanos < 0 || emptyCacheMillis < 0
                || flushEvery < 0 || churnEvery < 0 || defaultEvery < 0
                || !(sharedFraction >= 0 && sharedFraction <= 1)) {
            throw new IllegalArgumentException("invalid workload settings");
        }
    }

    public static WorkloadConfig defaults(int threads) {
        return new WorkloadConfig(threads, 2_000, 8, SizeMix.light(), 0.1, 8, 64,
                20_000, 0, 0, 0, 0, 42);
    }

    public WorkloadConfig withThreads(int v) {
        return new WorkloadConfig(v, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withSteps(int v) {
        return new WorkloadConfig(threads, v, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withMix(SizeMix v) {
        return new WorkloadConfig(threads, steps, liveBlocks, v, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withHandoffEvery(int v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, v, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withSyncEvery(int v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, v,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withGpuNanos(long v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                v, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withEmptyCacheMillis(long v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, v, flushEvery, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withFlushEvery(int v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, v, churnEvery, defaultEvery, seed);
    }

    public WorkloadConfig withChurnEvery(int v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, v, defaultEvery, seed);
    }

    public WorkloadConfig withDefaultEvery(int v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, v, seed);
    }

    public WorkloadConfig withSeed(long v) {
        return new WorkloadConfig(threads, steps, liveBlocks, mix, sharedFraction, handoffEvery, syncEvery,
                gpuNanos, emptyCacheMillis, flushEvery, churnEvery, defaultEvery, v);
    }

    /** The rhythm in one line, for the report of a run (with the seed that reproduces it). */
    public String rhythm() {
        return String.format("seed %d: %d thread(s) x %d steps, hand-over %s, flush %s, sync every %d steps, "
                        + "GPU %d us/step, emptyCache %s, slot churn %s, default stream %s", seed, threads, steps,
                every(handoffEvery, " steps"), every(flushEvery, " steps"), syncEvery, gpuNanos / 1000,
                every(emptyCacheMillis, " ms"), every(churnEvery, " steps"), every(defaultEvery, " steps"));
    }

    private static String every(long n, String unit) {
        return n == 0 ? "never" : "every " + n + unit;
    }
}
