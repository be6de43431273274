package org.mpsharness.model.lincheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Lincheck subject for improvement 1 (the caching allocator), with {@link AllocatorSpec}. Each logical thread works on
 * its own stream and keeps the blocks it holds; GPU work is real (a fill per malloc) but progresses only in
 * {@link #gpu} (MANUAL device), so blocks are often still retained by the GPU when they are freed or when the cache is
 * emptied — the situations where the baseline drops its lock.
 *
 * <p>Which block a malloc returns is projected to its aligned size. The rest is checked by exceptions (a double free,
 * a free of a released block) and by {@link #validate()} at quiescence: no block held twice, every held block in use
 * and not released by the allocator, statistics that add up.
 */
public class AllocatorLin {
    /** The design under test: pool → allocator. */
    public interface Factory {
        CachingAllocator make(StreamPool pool, AllocatorConfig config);
    }

    public static volatile Factory factory = ShardedAllocator::new;
    static final int THREADS = 4;
    static final long[] SIZES = {512, 4096, 4096};

    private final SimDevice device = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    private final StreamPool pool = new ImprovedStreamPool(device, new DisabledCommitGate(), PoolConfig.defaults());
    private final CachingAllocator alloc = factory.make(pool, AllocatorConfig.defaults());
    private final MpsStream[] streams = new MpsStream[THREADS];
    @SuppressWarnings("unchecked")
    private final ArrayDeque<BufferBlock>[] held = new ArrayDeque[THREADS];

    /**
     * The interleaving behind the baseline finding: two cached blocks, the first still retained by the GPU; one
     * thread empties the cache while the owner of the second block's stream allocates again.
     */
    public static ExecutionScenario emptyCacheRace() {
        return LincheckRunner.scenario(AllocatorLin.class,
                List.<Object[]>of(new Object[] {"malloc", 1, 1}, new Object[] {"malloc", 0, 1},
                        new Object[] {"free", 1}, new Object[] {"free", 0}),
                List.of(List.<Object[]>of(new Object[] {"emptyCache", 2}),
                        List.<Object[]>of(new Object[] {"malloc", 0, 1})));
    }

    /**
     * A block freed by one thread while its GPU work is pending, allocated again by another thread on another stream:
     * the reuse rule must make the second thread wait (or get another block).
     */
    public static ExecutionScenario reuseRace() {
        return LincheckRunner.scenario(AllocatorLin.class,
                List.<Object[]>of(new Object[] {"malloc", 1, 1}),
                List.of(List.<Object[]>of(new Object[] {"free", 1}, new Object[] {"flush", 1}),
                        List.<Object[]>of(new Object[] {"malloc", 0, 1})));
    }

    public AllocatorLin() {
        for (int t = 0; t < THREADS; t++) {
            streams[t] = pool.getStream(t + 1);
            held[t] = new ArrayDeque<>();
        }
    }

    @Operation
    public long malloc(@Param(gen = ThreadIdGen.class) int tid, @Param(gen = IntGen.class, conf = "0:2") int k) {
        pool.setCurrentStream(streams[tid]);
        BufferBlock b = alloc.malloc(SIZES[k], Usage.PRIVATE);
        streams[tid].fill(b.buffer(), 0, SIZES[k], tag(tid)); // GPU work, pending until gpu()
        held[tid].push(b);
        return b.size();
    }

    @Operation
    public int free(@Param(gen = ThreadIdGen.class) int tid) {
        BufferBlock b = held[tid].poll();
        if (b == null) {
            return -1;
        }
        pool.setCurrentStream(streams[tid]);
        alloc.free(b);
        return 0;
    }

    /** Returns the calling thread's cached blocks to the shared pools (improved design; no-op in the baseline). */
    @Operation
    public int flush(@Param(gen = ThreadIdGen.class) int tid) {
        pool.setCurrentStream(streams[tid]);
        alloc.flushThreadCache();
        return 0;
    }

    @Operation
    public int emptyCache(@Param(gen = ThreadIdGen.class) int tid) {
        pool.setCurrentStream(streams[tid]);
        alloc.emptyCache();
        return 0;
    }

    private void checkPatterns() {
        gpu();
        List<PatternCheck> checks = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            for (BufferBlock b : held[t]) {
                if (b.buffer().isReleased()) {
                    continue; // reported below with the state check
                }
                PatternCheck pc = new PatternCheck();
                streams[t].verify(b.buffer(), 0, b.requestedSize(), tag(t), pc);
                checks.add(pc);
                where.add(b + " of thread " + t);
            }
        }
        gpu();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).mismatches() > 0) {
                throw new IllegalStateException("corrupted pattern in " + where.get(i) + ": found 0x"
                        + Integer.toHexString(checks.get(i).firstBadValue()) + " (reused before the GPU finished)");
            }
        }
    }

    static byte tag(int tid) {
        return (byte) (0x80 | tid);
    }

    /** Lets the GPU finish everything committed so far (and completion handlers run). */
    @Operation
    public int gpu() {
        for (MpsStream s : streams) {
            s.synchronize(org.mpsharness.core.stream.SyncType.COMMIT);
        }
        device.drain();
        return 0;
    }

    /**
     * Invariants 1, 2 and 4 at quiescence: every held block is in use, held once, still backed by its device buffer,
     * and — once all GPU work ran — holds its owner's pattern (a block reused before the GPU finished with it shows
     * another thread's tag); the statistics add up.
     */
    @Validate
    public void validate() {
        checkPatterns();
        Map<BufferBlock, Integer> owners = new IdentityHashMap<>();
        long inUse = 0;
        for (int t = 0; t < THREADS; t++) {
            for (BufferBlock b : held[t]) {
                Integer prev = owners.put(b, t);
                if (prev != null) {
                    throw new IllegalStateException(b + " held by threads " + prev + " and " + t);
                }
                if (b.state() != BufferBlock.IN_USE || b.buffer().isReleased()) {
                    throw new IllegalStateException(b + " held by thread " + t + " but in state "
                            + BufferBlock.stateName(b.state())
                            + (b.buffer().isReleased() ? ", its device buffer released" : ""));
                }
                inUse += b.size();
            }
        }
        AllocatorStats st = alloc.stats();
        List<String> bad = new ArrayList<>(st.inconsistencies());
        if (st.currentAllocated() != inUse) {
            bad.add("current " + st.currentAllocated() + " != held " + inUse);
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("statistics: " + bad);
        }
    }
}
