package org.mpsharness.core.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The end-of-run checks of a workload: after every worker has finished, every slot must be free, every block back,
 * the statistics zero and consistent, every id unique, and — once the runtime is closed — no device object alive.
 */
public final class RunChecks {
    private final MpsRuntime rt;
    private final Violations violations;

    public RunChecks(MpsRuntime rt, Violations violations) {
        this.rt = rt;
        this.violations = violations;
    }

    /** Commits and waits on every created stream, then lets completion handlers run. */
    public void syncAllStreams() {
        StreamPool pool = rt.pool();
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = pool.peekStream(i);
            if (s != null) {
                try {
                    s.synchronize(SyncType.COMMIT_AND_WAIT);
                } catch (RuntimeException e) {
                    violations.add("sync of stream " + i + " failed: " + e);
                }
            }
        }
        if (rt.device() instanceof SimDevice) {
            ((SimDevice) rt.device()).drain();
        }
    }

    /** Plain commits and commit-and-continues over all streams. */
    public long[] commitCounts() {
        long[] sum = new long[2];
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = rt.pool().peekStream(i);
            if (s != null) {
                long[] c = s.commitCounts();
                sum[0] += c[0];
                sum[1] += c[1];
            }
        }
        return sum;
    }

    /** Invariant 5 across threads: one id, one buffer object. */
    public void checkUniqueIds(List<Map<Long, BufferBlock>> perThread) {
        Map<Long, BufferBlock> all = new HashMap<>();
        for (Map<Long, BufferBlock> m : perThread) {
            for (Map.Entry<Long, BufferBlock> e : m.entrySet()) {
                BufferBlock prev = all.putIfAbsent(e.getKey(), e.getValue());
                if (prev != null && prev != e.getValue()) {
                    violations.add("buffer id " + e.getKey() + " given to two different buffers");
                }
            }
        }
    }

    /**
     * Leaks at quiescence, with the runtime still open: slots not free, bytes still in use, statistics that do not
     * add up, and — after emptyCache — heap bytes the allocator or the device still holds. Also folds the simulated
     * device's own violation reports into the run's violations.
     */
    public List<String> quiescentLeaks() {
        List<String> leaks = new ArrayList<>();
        try {
            quiescentLeaks(leaks);
        } catch (RuntimeException e) {
            // the design's own code threw (an invariant check of its own, a corrupted pool): a finding about the
            // design, reported as such, not a crash of the harness
            leaks.add("the design threw at quiescence (freeInactiveBuffers, stats, emptyCache or the slot count): "
                    + e);
        } finally {
            for (String v : rt.device().violations()) {
                violations.add("device: " + v);
            }
        }
        return leaks;
    }

    private void quiescentLeaks(List<String> leaks) {
        StreamPool pool = rt.pool();
        if (pool.freeSlots() != SlotFreelist.WORKER_SLOTS) {
            leaks.add("worker slots not free: " + (SlotFreelist.WORKER_SLOTS - pool.freeSlots()));
        }
        rt.allocator().freeInactiveBuffers();
        AllocatorStats st = rt.allocator().stats();
        if (st.currentAllocated() != 0) {
            leaks.add("allocator reports " + st.currentAllocated() + " B still in use");
        }
        for (String bad : st.inconsistencies()) {
            leaks.add("statistics do not add up: " + bad);
        }
        rt.allocator().emptyCache();
        syncAllStreams();
        rt.allocator().emptyCache();
        long total = rt.allocator().getTotalAllocatedMemory();
        if (total != 0) {
            leaks.add("after emptyCache the allocator still holds " + total + " B of heaps");
        }
        Device.ResourceCounts rc = rt.device().liveResources();
        if (!rc.noMemoryLeak()) {
            leaks.add("device objects alive after emptyCache: " + rc);
        }
    }

    /** Closes the runtime and reports any device object still alive (queues, events, heaps, buffers). */
    public static List<String> closeAndCheck(MpsRuntime rt) {
        List<String> leaks = new ArrayList<>();
        try {
            rt.close();
        } catch (RuntimeException e) { // the design's close threw: reported, and the device is still checked
            leaks.add("closing the runtime threw: " + e);
        }
        Device.ResourceCounts rc = rt.device().liveResources();
        if (!rc.isZero()) {
            leaks.add("device objects alive after close: " + rc);
        }
        return leaks;
    }
}
