package org.mpsharness.model.check;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Sequential and small multi-threaded contract of a {@link SlotFreelist}: invariant 8 sequentially, then under races
 * ({@link SlotRaces}: the last slot, a dead owner's slot freed twice), backpressure ({@link SlotHandOff}) and the free
 * count during a hand-over.
 */
final class FreelistContract {
    /** The least time the hand-over check runs. */
    static final long HANDOVER_MILLIS = 500;
    private FreelistContract() {
    }

    static void run(Supplier<SlotFreelist> make) throws Exception {
        SlotFreelist fl = make.get();
        Thread me = Thread.currentThread();
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            int s = fl.tryAcquire(me);
            Contracts.require(s >= 1 && s <= 31, "acquire #" + i + " returned slot " + s + " (expected 1..31)");
            Contracts.require(got.add(s), "slot " + s + " handed out twice");
        }
        Contracts.require(fl.tryAcquire(me) == -1, "a 32nd acquire succeeded: slot 0 or a taken slot handed out");
        owners(fl, got, me);
        int s = got.iterator().next();
        Thread other = new Thread(() -> { });
        Contracts.require(fl.release(s, other) == ReleaseOutcome.NOT_OWNER, "release by a non-owner not refused");
        Contracts.require(fl.freeCount() == 0, "a refused release changed the free count");
        Contracts.require(fl.release(s, me) == ReleaseOutcome.RELEASED, "owner's release refused");
        ReleaseOutcome again = fl.release(s, me);
        Contracts.require(again == ReleaseOutcome.ALREADY_FREE, "double release gave " + again);
        Contracts.require(fl.freeCount() == 1, "double release changed the free count to " + fl.freeCount());
        Contracts.require(fl.tryAcquire(other) == s, "released slot not handed out again");
        Contracts.require(fl.release(s, me) == ReleaseOutcome.NOT_OWNER, "stale owner released a reassigned slot");
        // dead owner: reclaimed exactly once
        AtomicInteger dead = new AtomicInteger();
        SlotFreelist fl2 = make.get();
        Thread t = new Thread(() -> dead.set(fl2.tryAcquire(Thread.currentThread())));
        t.start();
        t.join();
        Contracts.require(fl2.reclaim(dead.get(), t), "dead owner's slot not reclaimed");
        Contracts.require(!fl2.reclaim(dead.get(), t), "dead owner's slot reclaimed twice");
        Contracts.require(fl2.freeCount() == 31, "reclaim left free count " + fl2.freeCount());
        SlotRaces.lastSlot(make.get());
        SlotRaces.doubleFree(make.get());
        SlotHandOff.byRelease(make.get());
        SlotHandOff.byReclaim(make.get());
        handover(make.get());
        FreelistWaits.run(make);
    }

    /**
     * ownerOf names the owner of every taken slot, the first and the last included, and a reclaim naming no owner
     * frees nothing. (PIT found both unchecked: an ownerOf that answers null for slot 1 or 31 survived.) Arguments
     * outside 1..31 are not part of the interface's contract, and the pools never pass them.
     */
    private static void owners(SlotFreelist fl, Set<Integer> taken, Thread me) {
        for (int s : taken) {
            Contracts.require(fl.ownerOf(s) == me, "ownerOf(" + s + ") is " + fl.ownerOf(s) + ", not its owner");
        }
        Contracts.require(!fl.reclaim(taken.iterator().next(), null), "reclaim with no dead owner succeeded");
        Contracts.require(fl.freeCount() == 0, "a refused reclaim changed the free count to " + fl.freeCount());
    }

    /**
     * One thread hands a slot over for another many times (take the one free slot, give back the one it held), so
     * the pool has one free slot, then none, then one again, while another thread reads the free count: any other
     * figure was never true. A count made by one unsynchronized scan reads 2 when it sees the first slot before the
     * take and the second after the give-back.
     */
    private static void handover(SlotFreelist fl) throws Exception {
        // the two slots in play are the first and the last that a scan in slot order reads: the widest window
        Thread filler = new Thread(() -> { });
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            fl.tryAcquire(filler);
        }
        fl.release(1, filler);
        fl.release(SlotFreelist.WORKER_SLOTS, filler);
        int handovers = 300_000;
        // at least this long too: the window is a few loads wide, and on a loaded machine the two threads are on
        // cores together only part of the time (the time bounds the search, never a verdict)
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDOVER_MILLIS);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger(-1);
        AtomicInteger counts = new AtomicInteger();
        int[] first = new int[1];
        Thread mover = new Thread(() -> {
            Thread a = Thread.currentThread();
            int held = first[0];
            for (int i = 0; (i < handovers || System.nanoTime() - until < 0) && wrong.get() < 0; i++) {
                int next = fl.tryAcquire(a);
                if (next < 0 || fl.release(held, a) != ReleaseOutcome.RELEASED) {
                    wrong.set(100 + Math.max(next, 0)); // the hand-over itself failed
                    break;
                }
                held = next;
            }
            done.set(1);
        });
        first[0] = fl.tryAcquire(mover); // before the counting starts: one slot free from here on (or none)
        mover.start();
        while (done.get() == 0 && wrong.get() < 0) {
            int n = fl.freeCount();
            counts.incrementAndGet();
            if (n != 0 && n != 1) {
                wrong.compareAndSet(-1, n);
            }
        }
        mover.join();
        int w = wrong.get();
        Contracts.require(w < 100, "a hand-over failed: the one free slot was not handed out or the held one not "
                + "released (slot " + (w - 100) + ")");
        Contracts.require(w < 0, "free count " + w + " read while a slot was handed over (only 0 or 1 were ever true; "
                + counts.get() + " counts read)");
    }
}
