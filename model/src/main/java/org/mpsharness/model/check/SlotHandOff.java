package org.mpsharness.model.check;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * The freelist contract's backpressure check: ONE slot handed back and forth between a waiting thread and a freeing
 * thread (an owner's release, or the reclaim of a dead owner's slot), many times, the waiter really waiting each time.
 *
 * <p>Each round starts with every slot taken. The waiter announces the round, then calls {@code acquire}; the slot is
 * freed only after that announcement, so every acquire begins on an empty freelist and must wait for the free — which
 * the check asserts: the slot it returns is the one freed, and it returns only after the free began. When the slot is
 * freed varies by round: at once (racing the waiter's registration), after the waiter is seen parked inside
 * {@code acquire} (it is blocked when the free happens), or after a random pause.
 *
 * <p>A lost wake-up is a waiter that stays parked while the slot it waits for is free. The verdict does not race a
 * clock: it needs the waiter seen parked, and the slot free, in {@value #LOST_POLLS} consecutive polls of this thread
 * (one per millisecond of sleep). A woken waiter is runnable, and the scheduler does not run this thread hundreds of
 * times while a runnable thread that has slept waits for a core, so a correct design never shows it however loaded
 * the machine; a lost wake-up shows it within about half a second. A correct design passes without any time limit
 * mattering; the only other bound is a waiter that neither parks nor returns for {@value #HANG_SECONDS} s (a spin).
 */
final class SlotHandOff {
    static final int RELEASE_ROUNDS = 2_000;
    static final int RECLAIM_ROUNDS = 60;
    static final int LOST_POLLS = 500;
    static final int HANG_SECONDS = 60;

    private SlotHandOff() {
    }

    /** Who frees the slot the waiter waits for. */
    private interface Freer {
        /** Makes the freelist full except for the slot that {@link #free} will free; returns that slot. */
        int prepare(int round) throws Exception;

        /** Frees the slot. */
        void free(int slot);

        /** After the waiter gave the slot back: restores "every slot taken but this one" for the next round. */
        void afterRound(int slot);
    }

    /** This thread holds every slot and releases one per round; the waiter gives it back and it takes it again. */
    static void byRelease(SlotFreelist fl) throws Exception {
        Thread me = Thread.currentThread();
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            Contracts.require(fl.tryAcquire(me) > 0, "set-up: slot #" + i + " not handed out");
        }
        int[] slot = {-1};
        run(fl, RELEASE_ROUNDS, "release", new Freer() {
            @Override
            public int prepare(int round) {
                if (slot[0] < 0) {
                    slot[0] = 1 + ThreadLocalRandom.current().nextInt(SlotFreelist.WORKER_SLOTS);
                }
                return slot[0];
            }

            @Override
            public void free(int s) {
                ReleaseOutcome o = fl.release(s, me);
                Contracts.require(o == ReleaseOutcome.RELEASED, "owner's release of slot " + s + " gave " + o);
            }

            @Override
            public void afterRound(int s) {
                int again = fl.tryAcquire(me);
                Contracts.require(again == s, "the one free slot " + s + " not handed out again (got " + again + ")");
            }
        });
    }

    /**
     * This thread holds 30 slots; each round a short-lived thread takes the free one and ends, and this thread reclaims
     * it from the dead owner while the waiter waits: reclamation must wake a waiter as a release does.
     */
    static void byReclaim(SlotFreelist fl) throws Exception {
        Thread me = Thread.currentThread();
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS - 1; i++) {
            Contracts.require(fl.tryAcquire(me) > 0, "set-up: slot #" + i + " not handed out");
        }
        Thread[] dead = new Thread[1];
        run(fl, RECLAIM_ROUNDS, "reclaim", new Freer() {
            @Override
            public int prepare(int round) throws Exception {
                AtomicInteger took = new AtomicInteger();
                Thread t = new Thread(() -> took.set(fl.tryAcquire(Thread.currentThread())), "dying-owner-" + round);
                t.start();
                t.join();
                Contracts.require(took.get() > 0, "round " + round + ": the one free slot not handed to a new thread");
                dead[0] = t;
                return took.get();
            }

            @Override
            public void free(int s) {
                Contracts.require(fl.reclaim(s, dead[0]), "the dead owner's slot " + s + " was not reclaimed");
            }

            @Override
            public void afterRound(int s) {
                // the waiter gave it back: it is the one free slot, for the next round's short-lived thread
            }
        });
    }

    private static void run(SlotFreelist fl, int rounds, String how, Freer freer) throws Exception {
        AtomicInteger go = new AtomicInteger();
        AtomicInteger entering = new AtomicInteger();
        AtomicInteger freed = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            Thread self = Thread.currentThread();
            try {
                for (int r = 1; r <= rounds && error.get() == null; r++) {
                    for (int i = 0; go.get() < r; i++) {
                        if (error.get() != null) {
                            return;
                        }
                        if (i < 200) {
                            Thread.onSpinWait();
                        } else {
                            Thread.yield();
                        }
                    }
                    entering.set(r);
                    int s = fl.acquire(self, TimeUnit.SECONDS.toNanos(HANG_SECONDS));
                    if (error.get() != null) {
                        return;
                    }
                    if (s < 0) {
                        error.compareAndSet(null, "round " + r + ": acquire returned -1 although slot "
                                + expected.get() + " was freed for it (" + how + ")");
                        return;
                    }
                    if (freed.get() < r || s != expected.get()) {
                        error.compareAndSet(null, "round " + r + ": acquire returned slot " + s + " while slot "
                                + expected.get() + (freed.get() < r ? " was not freed yet" : " was the one freed")
                                + ": it handed out a taken slot instead of waiting");
                        return;
                    }
                    ReleaseOutcome o = fl.release(s, self);
                    if (o != ReleaseOutcome.RELEASED) {
                        error.compareAndSet(null, "round " + r + ": the waiter's release of slot " + s + " gave " + o);
                        return;
                    }
                    done.set(r);
                }
            } catch (InterruptedException e) {
                error.compareAndSet(null, "the waiter was interrupted");
            } catch (RuntimeException | Error e) {
                error.compareAndSet(null, "the waiter's acquire or release threw " + e);
            }
        }, "freelist-waiter");
        waiter.setDaemon(true);
        waiter.start();
        int parkedAtFree = 0;
        try {
            for (int r = 1; r <= rounds && error.get() == null; r++) {
                int slot = freer.prepare(r);
                Contracts.require(fl.freeCount() == 0, "round " + r + ": " + fl.freeCount()
                        + " slots free after the set-up took them all");
                go.set(r);
                for (int i = 0; entering.get() < r && error.get() == null && waiter.isAlive(); i++) {
                    if (i < 200) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                }
                if (r % 3 == 1 && Contracts.awaitParked(waiter)) {
                    parkedAtFree++; // blocked inside acquire when the free happens
                } else if (r % 3 == 2) {
                    for (int i = ThreadLocalRandom.current().nextInt(300); i > 0; i--) {
                        Thread.onSpinWait();
                    }
                }
                expected.set(slot);
                freed.set(r);
                freer.free(slot);
                awaitRound(fl, waiter, done, r, error, slot, how, parkedAtFree);
                if (error.get() == null) {
                    freer.afterRound(slot);
                }
            }
        } finally {
            fl.wakeAll(); // frees a waiter left behind by a failure
            waiter.join(TimeUnit.SECONDS.toMillis(10));
        }
        Contracts.require(error.get() == null, "backpressure: " + error.get());
        Contracts.require(done.get() == rounds, "the waiter served " + done.get() + " of " + rounds + " rounds");
    }

    /** Waits until the waiter's round is done, deciding "lost wake-up" as the class comment says. */
    private static void awaitRound(SlotFreelist fl, Thread waiter, AtomicInteger done, int r,
                                   AtomicReference<String> error, int slot, String how, int parkedAtFree)
            throws InterruptedException {
        long hangDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS + 5);
        int spins = 0;
        int parkedPolls = 0;
        while (done.get() < r && error.get() == null) {
            if (!waiter.isAlive()) {
                error.compareAndSet(null, "round " + r + ": the waiter ended without finishing the round");
                return;
            }
            if (spins < 5_000) {
                spins++;
                Thread.onSpinWait();
                continue;
            }
            boolean lost = Contracts.parked(waiter) && fl.freeCount() == 1 && done.get() < r;
            parkedPolls = lost ? parkedPolls + 1 : 0;
            if (parkedPolls >= LOST_POLLS) {
                error.compareAndSet(null, "lost wake-up in round " + r + ": slot " + slot + " freed by " + how
                        + " and still free while the waiting acquire stayed parked for " + LOST_POLLS
                        + " polls of the freeing thread (the waiter was seen parked at " + parkedAtFree + " frees so far,"
                        + " this one included)");
                return;
            }
            if (System.nanoTime() - hangDeadline > 0) {
                error.compareAndSet(null, "round " + r + ": the waiting acquire neither returned nor parked for "
                        + HANG_SECONDS + " s after slot " + slot + " was freed");
                return;
            }
            Thread.sleep(1);
        }
    }
}
