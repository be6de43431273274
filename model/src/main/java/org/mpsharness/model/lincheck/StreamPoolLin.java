package org.mpsharness.model.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Lincheck subject for the whole stream pool (improvements 3–5 together), with {@link StreamPoolSpec}. Ownership is
 * by real thread here (the pool uses the calling thread), so each logical thread acquires for itself. Slot identity is
 * projected away; what is observed: success, the current slot being the acquired one, release outcomes, and
 * getStream(i) returning a stream created for slot i.
 */
public class StreamPoolLin {
    /** The design under test: (device, gate, config) → pool. */
    public interface Factory {
        StreamPool make(Device device, CommitGate gate, PoolConfig config);
    }

    public static volatile Factory factory = ImprovedStreamPool::new;
    static final int THREADS = 4;

    private final Device device = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    private final StreamPool pool = factory.make(device, new DisabledCommitGate(),
            new PoolConfig(0, PoolConfig.Exhausted.ERROR));
    private final int[] held = new int[THREADS];
    private final int foreignSlot = pool.acquireSlot(); // held by the constructing thread

    /** acquireSlot + setCurrentStream: 1 when the thread got a slot and its current stream is that slot's. */
    @Operation
    public int acquire(@Param(gen = ThreadIdGen.class) int tid) {
        if (held[tid] != 0) {
            return 0;
        }
        int s = pool.acquireSlot();
        held[tid] = s;
        pool.setCurrentStream(pool.getStream(s));
        return pool.currentSlot() == s && s > 0 ? 1 : -1;
    }

    /** The owner releases; its current stream falls back to the default one. */
    @Operation
    public int release(@Param(gen = ThreadIdGen.class) int tid) {
        if (held[tid] == 0) {
            return -1;
        }
        int s = held[tid];
        held[tid] = 0;
        ReleaseOutcome r = pool.releaseStreamSlot(s);
        return pool.currentSlot() == 0 ? r.ordinal() : -2;
    }

    @Operation
    public int releaseForeign(@Param(gen = ThreadIdGen.class) int tid) {
        return pool.releaseStreamSlot(foreignSlot).ordinal();
    }

    /** getStream(i) is the stream created for slot i (invariant 7), and setCurrentStream finds that slot. */
    @Operation
    public int streamIndex(@Param(gen = IntGen.class, conf = "0:3") int i) {
        MpsStream s = pool.getStream(i);
        return s.index() == i ? 1 : 0;
    }

    @Operation
    public int freeSlots() {
        return pool.freeSlots();
    }
}
