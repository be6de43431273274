package org.mpsharness.model.lincheck;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.device.Device;

/**
 * Invariant 4 at a quiescent point, against what is really there rather than against the statistics themselves: the
 * bytes in use equal the bytes of the blocks the callers hold (in total and per pool), the heap bytes equal what the
 * device holds, the buffers counted equal the device's live buffers, and — the GPU being idle and the inactive buffers
 * processed — nothing is still pending. Used by the Lincheck subject's validation and by the allocator's contract.
 */
public final class StatsAudit {
    private StatsAudit() {
    }

    /**
     * Throws an IllegalStateException naming every figure that disagrees.
     *
     * @param st     statistics taken at quiescence, after the GPU finished and {@code freeInactiveBuffers}
     * @param inUse  bytes (aligned sizes) of the blocks the callers hold
     * @param held   those blocks
     * @param device the device only this allocator uses
     */
    public static void against(AllocatorStats st, long inUse, Collection<BufferBlock> held, Device device) {
        List<String> bad = new ArrayList<>(st.inconsistencies());
        if (st.currentAllocated() != inUse) {
            bad.add("bytes in use " + st.currentAllocated() + " != bytes of the held blocks " + inUse);
        }
        long buffers = 0;
        long heaps = 0;
        for (AllocatorStats.PoolStats p : st.pools()) {
            heaps += p.heaps();
            long mine = 0;
            for (BufferBlock b : held) {
                if (b.pool() == p.kind()) {
                    mine += b.size();
                }
            }
            if (p.inUseSize() != mine) {
                bad.add(p.kind() + ": in use " + p.inUseSize() + " != held " + mine);
            }
            if (p.pendingSize() != 0) {
                bad.add(p.kind() + ": " + p.pendingSize() + " B still pending with the GPU idle");
            }
            buffers += p.nBuffers();
        }
        if (st.totalAllocated() != device.currentAllocatedSize()) {
            bad.add("heap bytes " + st.totalAllocated() + " != device's " + device.currentAllocatedSize());
        }
        if (heaps != device.liveResources().heaps()) {
            bad.add("heaps counted " + heaps + " != device's live heaps " + device.liveResources().heaps());
        }
        long live = device.liveResources().buffers();
        if (buffers != live) {
            bad.add("buffers counted " + buffers + " != device's live buffers " + live);
        }
        if (!bad.isEmpty()) {
            throw new IllegalStateException("statistics at quiescence: " + bad);
        }
    }
}
