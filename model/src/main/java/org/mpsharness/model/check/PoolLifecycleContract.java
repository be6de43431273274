package org.mpsharness.model.check;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.PoolShutdownException;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * The pool's contract beyond acquire and release (PoolContract): who owns what, the lease, the default stream, the
 * accessors, slots out of range refused, one gate activation per held slot, and the ends of a wait — shutdown,
 * close, an interrupt, and an owner that dies while another thread waits. Each clause was written for a mutant of the
 * improved pool that every other check let through (PIT campaign of 2026-11-30 on the GPU host,
 * docs/verification.md).
 */
final class PoolLifecycleContract {
    /** How long a woken or failed waiter may take to return: a hang bound, not a speed requirement. */
    private static final long RETURN_BOUND_MILLIS = 10_000;

    private PoolLifecycleContract() {
    }

    static void run(DesignSet design) throws Exception {
        ownersLeaseAndDefault(design);
        oneActivationPerHeldSlot(design);
        shutdownAndCloseEndAWait(design);
        interruptedWaitKeepsTheInterrupt(design);
        waiterTakesOneSlotWhileAnOwnerDies(design);
    }

    private static StreamPool pool(DesignSet design, SimDevice dev, DisabledCommitGate gate, long timeoutMillis) {
        return design.newPool(dev, gate, new PoolConfig(timeoutMillis, PoolConfig.Exhausted.ERROR));
    }

    /** ownerOf names the owner (to every thread) and nobody after release; lease() makes its stream current. */
    private static void ownersLeaseAndDefault(DesignSet design) throws Exception {
        SimDevice dev = new SimDevice();
        DisabledCommitGate gate = new DisabledCommitGate();
        StreamPool pool = pool(design, dev, gate, 100);
        try {
            Thread me = Thread.currentThread();
            Contracts.require(!pool.isShutdown(), "a new pool reports isShutdown()");
            Contracts.require(pool.device() == dev && pool.gate() == gate, "device() or gate() is not the one the pool "
                    + "was made with");
            for (int bad : new int[] {-1, StreamPool.NUM_STREAMS}) {
                try {
                    ReleaseOutcome o = pool.releaseStreamSlot(bad);
                    Contracts.require(o != ReleaseOutcome.RELEASED, "releaseStreamSlot(" + bad + ") answered " + o);
                } catch (IllegalArgumentException | IndexOutOfBoundsException expected) {
                    // a refusal either way
                }
                Contracts.require(pool.freeSlots() == 31, "releaseStreamSlot(" + bad + ") changed the free slots to "
                        + pool.freeSlots());
            }
            MpsStream def = pool.getDefaultStream();
            Contracts.require(def != null && def == pool.getStream(StreamPool.DEFAULT_SLOT),
                    "getDefaultStream() is not getStream(0)");
            AtomicReference<Object> fresh = new AtomicReference<>();
            Thread t = new Thread(() -> fresh.set(pool.currentSlot() + "/" + (pool.getCurrentStream() == def)));
            t.start();
            t.join();
            Contracts.require("0/true".equals(fresh.get()), "a new thread's current slot/stream is not the default "
                    + "(slot/is-default: " + fresh.get() + ")");
            Contracts.require(pool.ownerOf(StreamPool.DEFAULT_SLOT) == null, "slot 0 has an owner: "
                    + pool.ownerOf(StreamPool.DEFAULT_SLOT));
            int s = pool.acquireSlot();
            Contracts.require(pool.peekStream(s) == pool.getStream(s), "peekStream(" + s + ") of a held slot is not "
                    + "its stream");
            Contracts.require(pool.ownerOf(s) == me, "ownerOf(" + s + ") after this thread acquired it: "
                    + pool.ownerOf(s));
            AtomicReference<Thread> seen = new AtomicReference<>();
            Thread o = new Thread(() -> seen.set(pool.ownerOf(s)));
            o.start();
            o.join();
            Contracts.require(seen.get() == me, "another thread sees ownerOf(" + s + ") = " + seen.get());
            pool.releaseStreamSlot(s);
            Contracts.require(pool.ownerOf(s) == null, "ownerOf(" + s + ") after release: " + pool.ownerOf(s));

            SlotLease lease = pool.lease();
            int l = lease.slot();
            Contracts.require(l > 0 && pool.ownerOf(l) == me && lease.stream() == pool.getStream(l),
                    "lease() gave slot " + l + " owned by " + pool.ownerOf(l));
            Contracts.require(pool.currentSlot() == l && pool.getCurrentStream() == lease.stream(),
                    "lease() did not make its stream current (current slot " + pool.currentSlot() + ")");
            lease.close();
            Contracts.require(pool.ownerOf(l) == null && pool.freeSlots() == 31,
                    "closing a lease left slot " + l + " owned by " + pool.ownerOf(l) + ", " + pool.freeSlots()
                            + " free");
            Contracts.require(pool.currentSlot() == StreamPool.DEFAULT_SLOT, "after its lease closed, the current "
                    + "slot is still " + pool.currentSlot());
        } finally {
            pool.close();
        }
    }

    /**
     * Eight threads hold eight slots at once, then release them: the gate counts eight active streams, then none. A
     * pool that keeps one activation record for several slots ends some activations twice and others never.
     */
    private static void oneActivationPerHeldSlot(DesignSet design) throws Exception {
        final int n = 8;
        SimDevice dev = new SimDevice();
        DisabledCommitGate gate = new DisabledCommitGate();
        StreamPool pool = pool(design, dev, gate, 1_000);
        CountDownLatch holding = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] ts = new Thread[n];
        try {
            for (int i = 0; i < n; i++) {
                ts[i] = new Thread(() -> {
                    try {
                        int s = pool.acquireSlot();
                        holding.countDown();
                        release.await();
                        pool.releaseStreamSlot(s);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        holding.countDown();
                    }
                }, "pool-contract-holder-" + i);
                ts[i].start();
            }
            holding.await();
            int during = gate.activeStreams();
            release.countDown();
            for (Thread t : ts) {
                t.join();
            }
            Contracts.require(failure.get() == null, "a holder failed: " + failure.get());
            Contracts.require(during == n, n + " slots held, " + during + " streams active in the commit gate");
            Contracts.require(gate.activeStreams() == 0, n + " slots held and released, " + gate.activeStreams()
                    + " streams still active in the commit gate");
        } finally {
            release.countDown();
            pool.close();
        }
    }

    /** A waiter on a full pool fails with PoolShutdownException when the pool shuts down; close() shuts down. */
    private static void shutdownAndCloseEndAWait(DesignSet design) throws Exception {
        SimDevice dev = new SimDevice();
        StreamPool pool = pool(design, dev, new DisabledCommitGate(), 60_000);
        try {
            fill(pool);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread w = waiter(pool, outcome);
            Contracts.awaitParked(w);
            pool.shutdown();
            w.join(RETURN_BOUND_MILLIS);
            Contracts.require(!w.isAlive(), "a waiting acquire did not return within " + RETURN_BOUND_MILLIS
                    + " ms of shutdown()");
            Contracts.require(outcome.get() instanceof PoolShutdownException, "a waiting acquire ended by shutdown() "
                    + "gave " + outcome.get());
            Contracts.require(pool.isShutdown(), "isShutdown() is false after shutdown()");
        } finally {
            pool.close();
        }
        StreamPool closed = pool(design, new SimDevice(), new DisabledCommitGate(), 100);
        closed.close();
        Contracts.require(closed.isShutdown(), "isShutdown() is false after close()");
        try {
            int s = closed.acquireSlot();
            Contracts.require(false, "acquireSlot after close() returned slot " + s);
        } catch (PoolShutdownException expected) {
            // required
        }
    }

    /** An interrupted waiting acquire ends with an exception and leaves the thread's interrupt status set. */
    private static void interruptedWaitKeepsTheInterrupt(DesignSet design) throws Exception {
        SimDevice dev = new SimDevice();
        StreamPool pool = pool(design, dev, new DisabledCommitGate(), 60_000);
        try {
            fill(pool);
            AtomicReference<Object> outcome = new AtomicReference<>();
            AtomicReference<Boolean> interrupted = new AtomicReference<>();
            Thread w = new Thread(() -> {
                try {
                    outcome.set(pool.acquireSlot());
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
                interrupted.set(Thread.currentThread().isInterrupted());
            }, "pool-contract-interrupted-waiter");
            w.start();
            Contracts.awaitParked(w);
            w.interrupt();
            w.join(RETURN_BOUND_MILLIS);
            Contracts.require(!w.isAlive(), "an interrupted waiting acquire did not return within "
                    + RETURN_BOUND_MILLIS + " ms");
            Contracts.require(outcome.get() instanceof RuntimeException, "an interrupted waiting acquire returned "
                    + outcome.get() + " on a full pool");
            Contracts.require(Boolean.TRUE.equals(interrupted.get()), "an interrupted waiting acquire cleared the "
                    + "thread's interrupt status (it ended with " + outcome.get() + ")");
        } finally {
            pool.close();
        }
    }

    /**
     * A waiter woken by a release while another owner has just died: it takes the released slot — one slot, not
     * also the dead owner's (which would stay owned by it, unreleased, for good). Two rounds: the dead owner's death
     * and the release follow each other within microseconds, so the waiter nearly always wakes for the release.
     */
    private static void waiterTakesOneSlotWhileAnOwnerDies(DesignSet design) throws Exception {
        for (int round = 0; round < 2; round++) {
            SimDevice dev = new SimDevice();
            StreamPool pool = pool(design, dev, new DisabledCommitGate(), 60_000);
            try {
                for (int i = 0; i < 29; i++) {
                    Contracts.require(pool.acquireSlot() > 0, "acquire #" + i + " on a fresh pool failed");
                }
                CountDownLatch dieNow = new CountDownLatch(1);
                AtomicInteger doomed = new AtomicInteger();
                CountDownLatch doomedHolds = new CountDownLatch(1);
                Thread d = new Thread(() -> {
                    doomed.set(pool.acquireSlot());
                    doomedHolds.countDown();
                    awaitQuietly(dieNow);
                }, "pool-contract-doomed-owner");
                d.start();
                doomedHolds.await();
                int last = pool.acquireSlot();
                AtomicReference<Object> outcome = new AtomicReference<>();
                AtomicInteger owned = new AtomicInteger(-1);
                Thread w = new Thread(() -> {
                    try {
                        outcome.set(pool.acquireSlot());
                    } catch (RuntimeException e) {
                        outcome.set(e);
                    }
                    Thread me = Thread.currentThread();
                    int mine = 0;
                    for (int s = 1; s < StreamPool.NUM_STREAMS; s++) {
                        mine += pool.ownerOf(s) == me ? 1 : 0;
                    }
                    owned.set(mine);
                }, "pool-contract-waiter");
                w.start();
                Contracts.awaitParked(w);
                dieNow.countDown();
                d.join();
                pool.releaseStreamSlot(last);
                w.join(RETURN_BOUND_MILLIS);
                Contracts.require(!w.isAlive(), "a waiting acquire did not return within " + RETURN_BOUND_MILLIS
                        + " ms of a release");
                Contracts.require(outcome.get() instanceof Integer && (Integer) outcome.get() > 0,
                        "a waiting acquire woken by a release gave " + outcome.get());
                Contracts.require(owned.get() == 1, "one acquire left its thread owning " + owned.get()
                        + " slots (an owner, slot " + doomed.get() + ", had died during the wait)");
            } finally {
                pool.close();
            }
        }
    }

    private static void fill(StreamPool pool) {
        for (int i = 0; i < 31; i++) {
            Contracts.require(pool.acquireSlot() > 0, "acquire #" + i + " of 31 on a fresh pool failed");
        }
    }

    private static Thread waiter(StreamPool pool, AtomicReference<Object> outcome) {
        Thread w = new Thread(() -> {
            try {
                outcome.set(pool.acquireSlot());
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "pool-contract-waiter");
        w.start();
        return w;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
