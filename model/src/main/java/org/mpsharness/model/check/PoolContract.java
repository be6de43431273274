package org.mpsharness.model.check;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.StreamCreationException;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.PoolShutdownException;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotsExhaustedException;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Contract of a {@link StreamPool} (invariants 6–9): distinct slots, slot 0 never handed out, owner-only release,
 * dead owners reclaimed once (and their streams no longer active in the gate), exactly-once stream creation, stored
 * index, failed creation leaking nothing, harmless release after shutdown, backpressure (a full pool waits and is
 * woken, or ends as configured), shared streams (another owner's stream may be current, another pool's may not) —
 * all with the lock-order checker on.
 */
final class PoolContract {
    private PoolContract() {
    }

    /** Makes pools of the design under test. */
    private interface Pools {
        StreamPool make(Device device, CommitGate gate, PoolConfig config);
    }

    static void run(DesignSet design) throws Exception {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            racingAcquires(design);
            body(design);
            Pools pools = design::newPool;
            exhausted(pools, PoolConfig.Exhausted.ERROR);
            exhausted(pools, PoolConfig.Exhausted.DEFAULT_STREAM);
            waitsAndIsWoken(pools);
            deadOwnersActivationEnds(pools);
            sharedStreams(pools);
            PoolLifecycleContract.run(design);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    /**
     * Two threads acquire at the same instant, round after round (released together by a spin barrier, as jcstress
     * starts its actors: a blocking barrier wakes them microseconds apart, wider than an acquire): no slot may go to
     * both. Why here: a pool whose freelist takes a slot with a get and a set (GetSetFreelistStreamPool) escaped every
     * check of one loaded catalog run, where only Lincheck's few pool interleavings raced two acquires.
     */
    static void racingAcquires(DesignSet design) throws Exception {
        final int rounds = 20_000;
        SimDevice dev = new SimDevice();
        StreamPool pool = design.newPool(dev, new DisabledCommitGate(), new PoolConfig(1_000, PoolConfig.Exhausted.ERROR));
        int[][] got = new int[2][rounds];
        AtomicInteger arrived = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final int me = t;
            ts[t] = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds && failure.get() == null; r++) {
                        spinUntil(arrived, 4 * r + 2, failure);
                        int s = pool.acquireSlot();
                        got[me][r] = s;
                        spinUntil(arrived, 4 * r + 4, failure);
                        pool.releaseStreamSlot(s);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "racing-acquire-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        pool.close();
        if (failure.get() != null) {
            throw new AssertionError("racing acquires: " + failure.get(), failure.get());
        }
        for (int r = 0; r < rounds; r++) {
            Contracts.require(got[0][r] != got[1][r], "two threads acquired slot " + got[0][r] + " at once (round "
                    + r + " of " + rounds + ")");
        }
    }

    /** Arrives at a spin barrier and waits until {@code target} arrivals (yielding now and then: 2 cores, loaded). */
    private static void spinUntil(AtomicInteger arrived, int target,
                                  AtomicReference<Throwable> failure) {
        arrived.incrementAndGet();
        for (int spins = 0; arrived.get() < target && failure.get() == null; spins++) {
            if ((spins & 1023) == 1023) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
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

    /** A full pool: after the configured wait, a clear error or the default stream, as configured. */
    private static void exhausted(Pools pools, PoolConfig.Exhausted mode) {
        SimDevice dev = new SimDevice();
        StreamPool pool = pools.make(dev, new DisabledCommitGate(), new PoolConfig(20, mode));
        try {
            for (int i = 0; i < 31; i++) {
                Contracts.require(pool.acquireSlot() > 0, "acquire #" + i + " of 31 on a fresh pool failed");
            }
            if (mode == PoolConfig.Exhausted.ERROR) {
                try {
                    int s = pool.acquireSlot();
                    Contracts.require(false, "an acquire on a full pool (ERROR when exhausted) returned slot " + s);
                } catch (SlotsExhaustedException expected) {
                    // required
                }
            } else {
                int s = pool.acquireSlot();
                Contracts.require(s == StreamPool.DEFAULT_SLOT, "an acquire on a full pool (DEFAULT_STREAM when "
                        + "exhausted) returned slot " + s);
            }
            Contracts.require(pool.freeSlots() == 0, "a failed acquire changed the free slots to " + pool.freeSlots());
        } finally {
            pool.close();
        }
    }

    /**
     * Backpressure in the pool: this thread waits on a full pool while another owner is alive; that owner releases
     * once this thread is seen parked (or after two seconds, for a design that spins), and this thread must get
     * exactly that slot. The lock-order checker is on, so a wait under a lock is refused here.
     */
    private static void waitsAndIsWoken(Pools pools) throws Exception {
        SimDevice dev = new SimDevice();
        StreamPool pool = pools.make(dev, new DisabledCommitGate(), new PoolConfig(60_000, PoolConfig.Exhausted.ERROR));
        Thread me = Thread.currentThread();
        try {
            for (int i = 0; i < 30; i++) {
                Contracts.require(pool.acquireSlot() > 0, "acquire #" + i + " of 30 on a fresh pool failed");
            }
            CountDownLatch holding = new CountDownLatch(1);
            AtomicInteger held = new AtomicInteger();
            AtomicBoolean released = new AtomicBoolean();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread owner = new Thread(() -> {
                try {
                    held.set(pool.acquireSlot());
                    holding.countDown();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (!Contracts.parked(me) && System.nanoTime() - end < 0) {
                        Thread.yield();
                    }
                    released.set(true);
                    outcome.set(pool.releaseStreamSlot(held.get()));
                } catch (RuntimeException e) {
                    outcome.set(e);
                    holding.countDown();
                }
            }, "pool-contract-owner");
            owner.start();
            holding.await();
            Contracts.require(held.get() > 0, "the 31st slot was not handed out: " + outcome.get());
            int got = pool.acquireSlot();
            owner.join();
            Contracts.require(outcome.get() == ReleaseOutcome.RELEASED, "the other owner's release gave "
                    + outcome.get());
            Contracts.require(released.get() && got == held.get(), "a waiting acquire on a full pool returned slot "
                    + got + " (slot " + held.get() + " was the one released for it)");
        } finally {
            pool.close();
        }
    }

    /**
     * A worker stream is active in the commit gate while its slot is held; a dead owner's slot, reclaimed, no longer
     * counts, or the gate would see a second stream for good and never allow commit-and-continue again.
     */
    private static void deadOwnersActivationEnds(Pools pools) throws Exception {
        SimDevice dev = new SimDevice();
        DisabledCommitGate gate = new DisabledCommitGate();
        StreamPool pool = pools.make(dev, gate, new PoolConfig(100, PoolConfig.Exhausted.ERROR));
        try {
            AtomicInteger died = new AtomicInteger();
            Thread t = new Thread(() -> died.set(pool.acquireSlot()), "pool-contract-dying-owner");
            t.start();
            t.join();
            Contracts.require(gate.activeStreams() == 1, "a held slot's stream is not active in the commit gate ("
                    + gate.activeStreams() + " active)");
            Contracts.require(pool.reclaimDeadOwners() == 1, "the dead owner's slot " + died.get()
                    + " was not reclaimed");
            Contracts.require(gate.activeStreams() == 0, "the dead owner's stream is still active in the commit gate "
                    + "after its slot was reclaimed (" + gate.activeStreams() + " active)");
            int s = pool.acquireSlot();
            Contracts.require(pool.releaseStreamSlot(s) == ReleaseOutcome.RELEASED && gate.activeStreams() == 0,
                    "after a reclaimed slot was taken and released, " + gate.activeStreams() + " streams active");
        } finally {
            pool.close();
        }
    }

    /**
     * Streams are shared: any thread may make another owner's stream its current one, but never a stream of another
     * pool (its index means a slot of that pool's device).
     */
    private static void sharedStreams(Pools pools) throws Exception {
        SimDevice dev = new SimDevice();
        SimDevice otherDev = new SimDevice();
        StreamPool pool = pools.make(dev, new DisabledCommitGate(), PoolConfig.defaults());
        StreamPool other = pools.make(otherDev, new DisabledCommitGate(), PoolConfig.defaults());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger theirs = new AtomicInteger();
        Thread owner = new Thread(() -> {
            theirs.set(pool.acquireSlot());
            holding.countDown();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.releaseStreamSlot(theirs.get());
        }, "pool-contract-sharing-owner");
        owner.start();
        try {
            holding.await();
            int h = theirs.get();
            pool.setCurrentStream(pool.getStream(h));
            Contracts.require(pool.currentSlot() == h, "another owner's stream of slot " + h + " made current gave slot "
                    + pool.currentSlot());
            MpsStream foreign = other.getStream(h);
            try {
                pool.setCurrentStream(foreign);
                Contracts.require(false, "setCurrentStream accepted a stream of another pool (slot " + h
                        + " of another device)");
            } catch (IllegalArgumentException expected) {
                // required
            }
            Contracts.require(pool.currentSlot() == h, "a refused setCurrentStream changed the current slot to "
                    + pool.currentSlot());
            pool.setCurrentStream(pool.getDefaultStream());
        } finally {
            finished.countDown();
            owner.join();
            pool.close();
            other.close();
        }
    }
}
