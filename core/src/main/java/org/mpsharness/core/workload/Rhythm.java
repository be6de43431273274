package org.mpsharness.core.workload;

import java.util.SplittableRandom;

/**
 * Varies a workload's rhythm from run to run: hand-over and flush intervals, GPU lag, emptyCache period, sync period,
 * slot churn, steps on the shared default stream and thread count, all drawn from one seed that the caller prints, so that any run can be repeated exactly.
 *
 * <p>Why: a fixed rhythm exercises a fixed set of interleavings. A block reaches another stream while still in flight
 * only when a flush or hand-over lands inside its GPU work; a cached block is reused across streams only when the
 * flush interval and the live-block count do not line up; emptyCache races malloc only when its period is short
 * against a step. A seeded bug that corrupts state only at one of those alignments passes every run of a fixed rhythm
 * (issue 10: a variant corrupting ~100 owner patterns per run passed the recorded-history check).
 */
public final class Rhythm {
    private static final int[] FLUSH = {0, 2, 3, 4, 5, 7, 16};
    private static final int[] HANDOFF = {2, 3, 4, 5, 8};
    private static final int[] SYNC = {4, 16, 64};
    private static final long[] GPU_NANOS = {0, 5_000, 50_000, 150_000, 400_000};
    private static final long[] EMPTY_CACHE_MS = {0, 1, 2, 5};
    private static final int[] CHURN = {0, 0, 10, 25, 60};
    private static final int[] DEFAULT_STREAM = {0, 0, 3, 7, 13};

    private Rhythm() {
    }

    /**
     * {@code base} with every interval drawn from {@code seed} (threads from 1 to {@code base.threads()}); steps, mix
     * and live blocks are kept. The result's seed is {@code seed}.
     */
    public static WorkloadConfig vary(WorkloadConfig base, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int threads = base.threads() <= 1 ? 1 : 1 + r.nextInt(base.threads());
        if (threads == 1 && base.threads() > 1 && r.nextInt(4) != 0) {
            threads = base.threads(); // one worker only a quarter of the draws that landed on it: hand-overs need two
        }
        return base.withThreads(threads)
                .withFlushEvery(FLUSH[r.nextInt(FLUSH.length)])
                .withHandoffEvery(HANDOFF[r.nextInt(HANDOFF.length)])
                .withSyncEvery(SYNC[r.nextInt(SYNC.length)])
                .withGpuNanos(GPU_NANOS[r.nextInt(GPU_NANOS.length)])
                .withEmptyCacheMillis(EMPTY_CACHE_MS[r.nextInt(EMPTY_CACHE_MS.length)])
                .withChurnEvery(CHURN[r.nextInt(CHURN.length)])
                .withDefaultEvery(DEFAULT_STREAM[r.nextInt(DEFAULT_STREAM.length)])
                .withSeed(seed);
    }

    /** A fresh seed for a run whose caller did not fix one (printed by the caller, so the run can be repeated). */
    public static long freshSeed() {
        return new SplittableRandom().nextLong() & Long.MAX_VALUE;
    }
}
