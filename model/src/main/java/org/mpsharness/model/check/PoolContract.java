package org.mpsharness.model.check;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.device.StreamCreationException;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.PoolShutdownException;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Contract of a {@link StreamPool} (invariants 6–9): distinct slots, slot 0 never handed out, owner-only release,
 * dead owners reclaimed once, exactly-once stream creation, stored index, failed creation leaking nothing, harmless
 * release after shutdown — all with the lock-order checker on.
 */
final class PoolContract {
    private PoolContract() {
    }

    static void run(DesignSet design) throws Exception {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            body(design);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void body(DesignSet design) throws Exception {
        SimDevice dev = new SimDevice();
        StreamPool pool = design.newPool(dev, new DisabledCommitGate(),
                new PoolConfig(100, PoolConfig.Exhausted.ERROR));
        dev.faults().failNextQueueCreations(1);
        try {
            pool.acquireSlot();
            Contracts.require(false, "a failed stream creation was swallowed");
        } catch (StreamCreationException expected) {
            Contracts.require(pool.freeSlots() == 31, "failed stream creation kept the slot");
            Contracts.require(dev.liveResources().queues() == 0, "failed stream creation leaked a queue");
        }
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            int s = pool.acquireSlot();
            Contracts.require(s >= 1 && s <= 31 && slots.add(s), "acquire gave slot " + s + " (taken or invalid)");
            MpsStream st = pool.getStream(s);
            Contracts.require(st.index() == s, "stream of slot " + s + " reports index " + st.index());
            pool.setCurrentStream(st);
            Contracts.require(pool.currentSlot() == s, "setCurrentStream found slot " + pool.currentSlot()
                    + " for the stream of slot " + s);
        }
        Contracts.require(pool.createdStreams() == 30, "created " + pool.createdStreams() + " streams for 30 slots");
        AtomicReference<Integer> died = new AtomicReference<>();
        Thread t = new Thread(() -> died.set(pool.acquireSlot()));
        t.start();
        t.join();
        Contracts.require(pool.acquireSlot() == died.get(), "a dead thread's slot was not reclaimed");
        int mine = slots.iterator().next();
        AtomicReference<ReleaseOutcome> byOther = new AtomicReference<>();
        Thread o = new Thread(() -> byOther.set(pool.releaseStreamSlot(mine)));
        o.start();
        o.join();
        Contracts.require(byOther.get() == ReleaseOutcome.NOT_OWNER, "release by another thread: " + byOther.get());
        Contracts.require(pool.releaseStreamSlot(mine) == ReleaseOutcome.RELEASED, "owner's release refused");
        Contracts.require(pool.releaseStreamSlot(mine) == ReleaseOutcome.ALREADY_FREE, "double release not detected");
        Contracts.require(pool.releaseStreamSlot(0) == ReleaseOutcome.DEFAULT_SLOT, "slot 0 treated as a worker slot");
        Contracts.require(pool.freeSlots() == 1, "free slots " + pool.freeSlots() + " after one release");
        pool.shutdown();
        try {
            pool.acquireSlot();
            Contracts.require(false, "acquire after shutdown succeeded");
        } catch (PoolShutdownException expected) {
            // required
        }
        Contracts.require(pool.releaseStreamSlot(died.get()) == ReleaseOutcome.AFTER_SHUTDOWN,
                "release after shutdown not harmless");
        pool.close();
        Contracts.require(dev.liveResources().isZero(), "device objects alive after close: " + dev.liveResources());
    }
}
