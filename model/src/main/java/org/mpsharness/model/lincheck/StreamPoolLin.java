package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotsExhaustedException;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Lincheck subject for the whole stream pool (improvements 3–5 together), with {@link StreamPoolSpec}. Ownership is
 * by real thread here (the pool uses the calling thread), so each logical thread acquires for itself. Slot identity is
 * projected away; what is observed: success or exhaustion, the current slot being the acquired one, release outcomes,
 * shared streams (another owner's stream made current; another pool's refused), and getStream(i) returning a stream
 * created for slot i.
 *
 * <p>The pool is nearly exhausted from the start, so that a few acquires exhaust it: the constructing thread (alive for
 * the whole run) holds {@value #FOREIGN_HELD} slots and a thread that has ended holds one more, leaving two free; the
 * dead owner's slot comes back when an acquire finds no free slot and reclaims it. The configured time-out is 0, so an
 * acquire on a full pool ends at once as configured ({@link #exhausted}: an error, or the default stream).
 */
public class StreamPoolLin {
    /** The design under test: (device, gate, config) → pool. */
    public interface Factory {
        StreamPool make(Device device, CommitGate gate, PoolConfig config);
    }

    public static volatile Factory factory = ImprovedStreamPool::new;
    static final int FOREIGN_HELD = 28;
    /** Logical thread ids: 0 (init part), 1..t (parallel threads), t+1 (post part); room for t up to 4. */
    static final int IDS = 6;
    /** Result of an acquire on a full pool configured to fail. */
    static final int EXHAUSTED_ERROR = 2;
    /** Result of an acquire on a full pool configured to fall back to the default stream. */
    static final int EXHAUSTED_DEFAULT = 3;

    /** A stream of no pool of this subject: setCurrentStream must refuse it (it is slot 2 of another device). */
    private static final MpsStream OTHER_POOLS_STREAM = MpsStream.create(manualDevice(), 2, new DisabledCommitGate(),
            null, () -> Long.MAX_VALUE);

    private final Device device = manualDevice();
    private final StreamPool pool = factory.make(device, new DisabledCommitGate(), config());
    private final int[] held = new int[IDS];
    private final int foreignSlot;

    public StreamPoolLin() {
        int s = -1;
        for (int i = 0; i < foreignHeld(); i++) {
            s = pool.acquireSlot(); // held by the constructing thread
        }
        foreignSlot = s;
        if (withDeadOwner()) {
            endOwner();
        }
    }

    /** A thread that takes a slot and ends: its slot is a dead owner's, for an acquire to reclaim. */
    private void endOwner() {
        AtomicInteger deadSlot = new AtomicInteger();
        Thread owner = new Thread(() -> deadSlot.set(pool.acquireSlot()), "stream-pool-lin-dead-owner");
        owner.start();
        try {
            owner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (deadSlot.get() <= 0) {
            throw new IllegalStateException("set-up: the short-lived owner got no slot");
        }
    }

    static SimDevice manualDevice() {
        return new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    }

    /** The pool's settings: no waiting, an error when exhausted (subclasses override this). */
    PoolConfig config() {
        return new PoolConfig(0, PoolConfig.Exhausted.ERROR);
    }

    /** Slots the constructing thread holds. */
    int foreignHeld() {
        return FOREIGN_HELD;
    }

    /** Whether a dead owner holds one more slot. */
    boolean withDeadOwner() {
        return true;
    }

    /** The acquire of {@link #acquire} and of waiting subclasses: the result code, bookkeeping done. */
    final int acquireAndMakeCurrent(int tid) {
        if (held[tid] != 0) {
            return 0;
        }
        int s;
        try {
            s = pool.acquireSlot();
        } catch (SlotsExhaustedException e) {
            return EXHAUSTED_ERROR;
        }
        if (s == StreamPool.DEFAULT_SLOT) {
            return EXHAUSTED_DEFAULT;
        }
        held[tid] = s;
        pool.setCurrentStream(pool.getStream(s));
        return pool.currentSlot() == s && s > 0 ? 1 : -1;
    }

    /**
     * The subject whose pool falls back to the default stream when exhausted
     * ({@code PoolConfig.Exhausted.DEFAULT_STREAM}); its specification is {@link StreamPoolSpec.DefaultStream}.
     */
    public static class DefaultStream extends StreamPoolLin {
        @Override
        PoolConfig config() {
            return new PoolConfig(0, PoolConfig.Exhausted.DEFAULT_STREAM);
        }
    }

    /** Three threads race for the two free slots and the dead owner's; one must find the pool exhausted. */
    public static ExecutionScenario exhaust() {
        return exhaust(StreamPoolLin.class);
    }

    /** {@link #exhaust} on the subject that falls back to the default stream. */
    public static ExecutionScenario exhaustToDefault() {
        return exhaust(DefaultStream.class);
    }

    private static ExecutionScenario exhaust(Class<? extends StreamPoolLin> subject) {
        return LincheckRunner.scenario(subject, List.of(),
                List.of(List.<Object[]>of(new Object[] {"acquire", 1}, new Object[] {"release", 1}),
                        List.<Object[]>of(new Object[] {"acquire", 2}),
                        List.<Object[]>of(new Object[] {"acquire", 3}, new Object[] {"acquire", 3})),
                List.<Object[]>of(new Object[] {"acquire", 4}));
    }

    /** acquireSlot + setCurrentStream: 1 when the thread got a slot and its current stream is that slot's. */
    @Operation
    public int acquire(@Param(gen = ThreadIdGen.class) int tid) {
        return acquireAndMakeCurrent(tid);
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

    /**
     * Shared streams: another (live) owner's stream made current — 1 when the current slot is then that owner's —
     * then the thread's own current stream restored.
     */
    @Operation
    public int shareStream(@Param(gen = ThreadIdGen.class) int tid) {
        int own = pool.currentSlot();
        pool.setCurrentStream(pool.getStream(foreignSlot));
        int seen = pool.currentSlot();
        pool.setCurrentStream(pool.getStream(own));
        return seen == foreignSlot && pool.currentSlot() == own ? 1 : 0;
    }

    /** A stream of another pool must be refused, leaving the current slot as it was: 1 when so. */
    @Operation
    public int foreignPoolStream(@Param(gen = ThreadIdGen.class) int tid) {
        int own = pool.currentSlot();
        try {
            pool.setCurrentStream(OTHER_POOLS_STREAM);
        } catch (IllegalArgumentException expected) {
            return pool.currentSlot() == own ? 1 : -1;
        }
        return 0;
    }

    /** getStream(i) is the stream created for slot i (invariant 7), created once even when two threads race. */
    @Operation
    public int streamIndex(@Param(gen = IntGen.class, conf = "0:3") int i) {
        MpsStream s = pool.getStream(i);
        return s.index() == i && pool.getStream(i) == s ? 1 : 0;
    }
}
