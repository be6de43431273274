package org.mpsharness.model.check;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * The freelist contract's races, each run for many rounds by two threads that start every round together (a spin
 * barrier, as jcstress does): two acquires of the last free slot, and two frees of one slot — two reclaims of a dead
 * owner, or the owner's own thread-exit release against a reclaim. Invariant 8 allows exactly one winner.
 *
 * <p>Each race stops at a fixed number of rounds or after {@value #BUDGET_SECONDS} s, whichever comes first: the time
 * only bounds how long a bug is looked for (on a loaded machine the two threads are rarely on cores together); a
 * correct design passes however few rounds ran.
 */
final class SlotRaces {
    static final int ROUNDS = 20_000;
    static final int BUDGET_SECONDS = 2;

    private SlotRaces() {
    }

    /** Two threads take the last free slot at once: one gets it, the other finds the freelist empty. */
    static void lastSlot(SlotFreelist fl) throws Exception {
        Thread filler = new Thread(() -> { }, "race-filler");
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS - 1; i++) {
            fl.tryAcquire(filler);
        }
        Thread a = new Thread(() -> { }, "race-owner-a");
        Thread b = new Thread(() -> { }, "race-owner-b");
        race("two acquires of the last free slot", r -> fl.tryAcquire(a), r -> fl.tryAcquire(b), (x, y, r) -> {
            int winner = x > 0 ? x : y;
            Thread owner = x > 0 ? a : b;
            boolean ok = (x > 0) != (y > 0) && fl.ownerOf(winner) == owner
                    && fl.release(winner, owner) == ReleaseOutcome.RELEASED;
            return ok ? null : "round " + r + ": the acquires returned " + x + " and " + y
                    + " (exactly one may get the last slot)";
        });
    }

    /**
     * A dead owner's slot freed twice at once: by two reclaimers (even rounds), or by its late thread-exit release and
     * a reclaimer (odd rounds). Exactly one may succeed and the slot is free once.
     */
    static void doubleFree(SlotFreelist fl) throws Exception {
        Thread dead = new Thread(() -> { }, "race-dead-owner"); // never started: never alive
        int[] slot = new int[1];
        IntUnaryOperator first = r -> {
            if (r % 2 == 0) {
                return fl.reclaim(slot[0], dead) ? 1 : 0;
            }
            return fl.release(slot[0], dead) == ReleaseOutcome.RELEASED ? 1 : 0;
        };
        IntUnaryOperator second = r -> fl.reclaim(slot[0], dead) ? 1 : 0;
        race("two frees of a dead owner's slot", first, second, (x, y, r) -> {
            int free = fl.freeCount();
            if (x + y != 1 || free != SlotFreelist.WORKER_SLOTS || fl.ownerOf(slot[0]) != null) {
                return "round " + r + ": " + (r % 2 == 0 ? "two reclaims" : "the thread-exit release and a reclaim")
                        + " of slot " + slot[0] + " succeeded " + (x + y) + " times, " + free + " slots free after";
            }
            return null;
        }, r -> slot[0] = fl.tryAcquire(dead));
    }

    /** Checks a round's two results; null when right, else what went wrong. */
    private interface Verdict {
        String of(int first, int second, int round);
    }

    private static void race(String what, IntUnaryOperator first, IntUnaryOperator second, Verdict verdict)
            throws Exception {
        race(what, first, second, verdict, r -> 0);
    }

    /**
     * Rounds of {@code setUp}, then {@code first} and {@code second} on two threads started together, then
     * {@code verdict} (on this thread, after both).
     */
    private static void race(String what, IntUnaryOperator first, IntUnaryOperator second, Verdict verdict,
                             IntUnaryOperator setUp) throws Exception {
        AtomicInteger go = new AtomicInteger();
        AtomicInteger secondDone = new AtomicInteger();
        AtomicInteger secondResult = new AtomicInteger();
        AtomicReference<Throwable> crash = new AtomicReference<>();
        AtomicInteger stop = new AtomicInteger(Integer.MAX_VALUE);
        Thread other = new Thread(() -> {
            try {
                for (int r = 1; r < stop.get(); r++) {
                    while (go.get() < r) {
                        if (stop.get() <= r) {
                            return;
                        }
                        Thread.onSpinWait();
                    }
                    secondResult.set(second.applyAsInt(r));
                    secondDone.set(r);
                }
            } catch (RuntimeException | Error e) {
                crash.set(e);
            }
        }, "freelist-race");
        other.setDaemon(true);
        other.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
        String wrong = null;
        int r = 1;
        try {
            for (; r <= ROUNDS && wrong == null && System.nanoTime() - end < 0; r++) {
                setUp.applyAsInt(r);
                go.set(r);
                int x = first.applyAsInt(r);
                while (secondDone.get() < r && crash.get() == null) {
                    Thread.onSpinWait();
                }
                if (crash.get() != null) {
                    break;
                }
                wrong = verdict.of(x, secondResult.get(), r);
            }
        } finally {
            stop.set(r);
            other.join(TimeUnit.SECONDS.toMillis(10));
        }
        Contracts.require(crash.get() == null, what + ": the other thread threw " + crash.get());
        Contracts.require(wrong == null, what + ": " + wrong);
    }
}
