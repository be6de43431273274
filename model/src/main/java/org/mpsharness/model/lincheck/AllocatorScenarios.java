package org.mpsharness.model.lincheck;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Hand-written scenarios of {@link AllocatorLin}, each driving the allocator into one state where a class of defects
 * lives, with three short parallel threads (model checking explores their interleavings). Arguments are logical
 * thread ids (one stream each) and size indexes; see the operations of {@link AllocatorLin}.
 */
public final class AllocatorScenarios {
    private AllocatorScenarios() {
    }

    private static Object[] op(Object... call) {
        return call;
    }

    private static List<Object[]> ops(Object[]... calls) {
        return java.util.Arrays.asList(calls);
    }

    private static ExecutionScenario of(List<Object[]> init, List<List<Object[]>> parallel) {
        return LincheckRunner.scenario(AllocatorLin.class, init, parallel);
    }

    /**
     * Block reuse across streams through the shared pools: a block whose GPU work on stream 1 is pending is freed and
     * flushed while threads on streams 2 and 3 allocate (the fence must hold them off until the GPU passed it).
     */
    public static ExecutionScenario reuseAcrossStreams() {
        return of(ops(op("malloc", 1, 0)),
                List.of(ops(op("free", 1), op("flush", 1)),
                        ops(op("malloc", 2, 0)),
                        ops(op("gpu"), op("malloc", 3, 0))));
    }

    /**
     * A block with a pending event from another stream: the peer stream uses thread 1's block, thread 1 frees it and
     * allocates again on its own stream (through its cache), while streams 2 and 3 allocate before and after the GPU
     * passed the event.
     */
    public static ExecutionScenario pendingEvent() {
        return of(ops(op("malloc", 1, 0), op("use", 1)),
                List.of(ops(op("free", 1), op("malloc", 1, 0)),
                        ops(op("malloc", 2, 0)),
                        ops(op("gpu"), op("malloc", 3, 0))));
    }

    /**
     * The bytes in use read while another thread allocates and frees through its cache (primed by the initial part,
     * which runs on the first thread, so that its operations are short), and the full statistics while a third thread
     * frees another thread's block.
     */
    public static ExecutionScenario statsDuringTraffic() {
        return of(ops(op("malloc", 1, 0), op("free", 1), op("malloc", 2, 1), op("give", 2)),
                List.of(ops(op("malloc", 1, 0), op("free", 1)),
                        ops(op("current", 4), op("stats", 4)),
                        ops(op("free", 3))));
    }

    /**
     * The thread that ended in the subject's constructor left a cached block, a block it handed over and a block it
     * freed for another thread; two threads reclaim dead threads' caches at once (emptyCache) while a third allocates
     * on the dead thread's stream and reads the statistics.
     */
    public static ExecutionScenario threadEnd() {
        return of(ops(),
                List.of(ops(op("emptyCache", 2)),
                        ops(op("emptyCache", 3)),
                        ops(op("malloc", AllocatorLin.DEAD, 0), op("stats", 4))));
    }

    /**
     * A flush followed by allocations on the same stream, racing emptyCache and another stream: a flushed block must
     * have left the cache (one owner), and emptyCache may release only idle blocks.
     */
    public static ExecutionScenario flushThenMalloc() {
        return of(ops(op("malloc", 1, 0), op("malloc", 1, 0)),
                List.of(ops(op("free", 1), op("flush", 1), op("malloc", 1, 0), op("malloc", 1, 0)),
                        ops(op("emptyCache", 2)),
                        ops(op("free", 1))));
    }

    /** A block freed by a thread that did not allocate it (shared path) while its stream's owner allocates again. */
    public static ExecutionScenario crossThreadFree() {
        return of(ops(op("malloc", 1, 0), op("give", 1)),
                List.of(ops(op("free", 2)),
                        ops(op("malloc", 1, 0)),
                        ops(op("stats", 3))));
    }
}
