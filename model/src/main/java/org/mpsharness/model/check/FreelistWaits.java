package org.mpsharness.model.check;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * The ends of a freelist's wait ({@link SlotFreelist#acquire}): a waiter gives up only when its time is over, even
 * when a release wakes it and another thread takes the slot first; and {@link SlotFreelist#wakeAll} ends a wait at
 * once. Written for two mutants of the improved freelist that every other check let through (PIT, 2026-11-30): a
 * sleep that reports no time left after a wake-up, and a wakeAll that signals no one.
 *
 * <p>The time-out clause is a lower bound (a slow machine only makes the wait longer), the wake-up clause a hang
 * bound far above any real wake-up; neither measures speed.
 */
final class FreelistWaits {
    /** The wait of the time-out clause. */
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a waiter may take to return after wakeAll; its own wait is three times longer. */
    private static final long WAKE_BOUND_MILLIS = 10_000;

    private FreelistWaits() {
    }

    static void run(Supplier<SlotFreelist> make) throws Exception {
        for (int round = 0; round < 3; round++) {
            timeOutSurvivesABargedWakeUp(make.get(), round);
        }
        wakeAllEndsAWait(make.get());
    }

    /**
     * The freelist is full; a waiter sleeps with a 200 ms time-out; this thread frees a slot and takes it back at
     * once, so the waiter, woken, nearly always finds nothing. It must then wait on: -1 before its time is over is a
     * wait cut short.
     */
    private static void timeOutSurvivesABargedWakeUp(SlotFreelist fl, int round) throws Exception {
        Thread me = Thread.currentThread();
        int last = fill(fl, me);
        AtomicLong outcome = new AtomicLong(Long.MIN_VALUE);
        AtomicLong took = new AtomicLong();
        Thread w = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                outcome.set(fl.acquire(Thread.currentThread(), WAIT_NANOS));
            } catch (InterruptedException e) {
                outcome.set(Long.MAX_VALUE);
            }
            took.set(System.nanoTime() - t0);
        }, "freelist-contract-waiter");
        w.start();
        Contracts.awaitParked(w);
        Contracts.require(fl.release(last, me) == ReleaseOutcome.RELEASED, "the owner's release was refused");
        int again = fl.tryAcquire(me); // barges in before the woken waiter, nearly always
        w.join();
        long got = outcome.get();
        Contracts.require(got != Long.MAX_VALUE, "a waiting acquire was interrupted by nothing");
        if (got < 0) {
            Contracts.require(took.get() >= WAIT_NANOS, "a waiting acquire gave up after " + millis(took.get())
                    + " ms of its " + millis(WAIT_NANOS) + " ms time-out, woken by a release whose slot was taken "
                    + "before it (round " + round + ")");
        } else {
            Contracts.require(again < 0 && got == last, "the waiter got slot " + got + " and this thread slot " + again
                    + " after slot " + last + " alone was freed");
        }
    }

    /** A waiter with a 30 s time-out on a full freelist returns -1 promptly after wakeAll. */
    private static void wakeAllEndsAWait(SlotFreelist fl) throws Exception {
        fill(fl, Thread.currentThread());
        AtomicLong outcome = new AtomicLong(Long.MIN_VALUE);
        Thread w = new Thread(() -> {
            try {
                outcome.set(fl.acquire(Thread.currentThread(), TimeUnit.MILLISECONDS.toNanos(3 * WAKE_BOUND_MILLIS)));
            } catch (InterruptedException e) {
                outcome.set(Long.MAX_VALUE);
            }
        }, "freelist-contract-sleeper");
        w.start();
        Contracts.awaitParked(w);
        fl.wakeAll();
        w.join(WAKE_BOUND_MILLIS);
        Contracts.require(!w.isAlive(), "a waiting acquire was still waiting " + WAKE_BOUND_MILLIS
                + " ms after wakeAll()");
        Contracts.require(outcome.get() == -1, "a waiting acquire ended by wakeAll() on a full freelist returned "
                + outcome.get());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Takes every slot for {@code me}; the last one taken. */
    private static int fill(SlotFreelist fl, Thread me) {
        int last = -1;
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            last = fl.tryAcquire(me);
            Contracts.require(last > 0, "acquire #" + i + " on a fresh freelist returned " + last);
        }
        return last;
    }
}
