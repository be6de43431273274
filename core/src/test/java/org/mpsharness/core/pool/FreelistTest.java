package org.mpsharness.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FreelistTest {

    static Stream<Arguments> designs() {
        return Stream.of(Arguments.of("baseline", (Supplier<SlotFreelist>) MutexFreelist::new),
                Arguments.of("improved", (Supplier<SlotFreelist>) BitmaskFreelist::new),
                Arguments.of("home-slot", (Supplier<SlotFreelist>) HomeSlotFreelist::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void handsOutEachWorkerSlotOnceAndNeverSlotZero(String name, Supplier<SlotFreelist> make) {
        SlotFreelist fl = make.get();
        Thread me = Thread.currentThread();
        Set<Integer> got = new HashSet<>();
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            int s = fl.tryAcquire(me);
            assertThat(s).isBetween(1, 31);
            assertThat(got.add(s)).isTrue();
            assertThat(fl.ownerOf(s)).isSameAs(me);
        }
        assertThat(fl.tryAcquire(me)).isEqualTo(-1);
        assertThat(fl.freeCount()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void misuseIsDetectedAndChangesNothing(String name, Supplier<SlotFreelist> make) throws Exception {
        SlotFreelist fl = make.get();
        int s = fl.tryAcquire(Thread.currentThread());
        Thread other = new Thread(() -> { });
        assertThat(fl.release(s, other)).isEqualTo(ReleaseOutcome.NOT_OWNER);
        assertThat(fl.ownerOf(s)).isSameAs(Thread.currentThread());
        assertThat(fl.freeCount()).isEqualTo(30);
        assertThat(fl.release(s, Thread.currentThread())).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(fl.release(s, Thread.currentThread())).isEqualTo(ReleaseOutcome.ALREADY_FREE);
        assertThat(fl.freeCount()).isEqualTo(31);
        // slot handed to another owner: the previous owner's late release must not free it. Which free slot an
        // acquire returns is the design's choice, so the other owner takes slots until it has this one.
        int taken = 0;
        int again;
        do {
            again = fl.tryAcquire(other);
            taken++;
        } while (again != s && again > 0);
        assertThat(again).isEqualTo(s);
        assertThat(fl.release(s, Thread.currentThread())).isEqualTo(ReleaseOutcome.NOT_OWNER);
        assertThat(fl.ownerOf(s)).isSameAs(other);
        assertThat(fl.freeCount()).isEqualTo(31 - taken);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void deadOwnersSlotIsReclaimedExactlyOnce(String name, Supplier<SlotFreelist> make) throws Exception {
        SlotFreelist fl = make.get();
        AtomicInteger slot = new AtomicInteger();
        Thread t = new Thread(() -> slot.set(fl.tryAcquire(Thread.currentThread())));
        t.start();
        t.join();
        assertThat(fl.reclaim(slot.get(), t)).isTrue();
        assertThat(fl.reclaim(slot.get(), t)).isFalse();
        assertThat(fl.freeCount()).isEqualTo(31);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void backpressureLosesNoWakeUp(String name, Supplier<SlotFreelist> make) throws Exception {
        SlotFreelist fl = make.get();
        Thread me = Thread.currentThread();
        for (int i = 0; i < 31; i++) {
            fl.tryAcquire(me);
        }
        // ping-pong one slot between a waiter and this thread many times; a lost wake-up stalls until time-out
        int rounds = 500;
        AtomicInteger served = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            for (int r = 0; r < rounds; r++) {
                try {
                    int s = fl.acquire(Thread.currentThread(), TimeUnit.SECONDS.toNanos(20));
                    if (s < 0) {
                        return;
                    }
                    served.incrementAndGet();
                    fl.release(s, Thread.currentThread());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        waiter.start();
        int s = 5;
        assertThat(fl.release(s, me)).isEqualTo(ReleaseOutcome.RELEASED);
        waiter.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(served.get()).isEqualTo(rounds);
        assertThat(fl.freeCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void wakeAllEndsEveryWait(String name, Supplier<SlotFreelist> make) throws Exception {
        SlotFreelist fl = make.get();
        for (int i = 0; i < 31; i++) {
            fl.tryAcquire(Thread.currentThread());
        }
        AtomicInteger result = new AtomicInteger(99);
        Thread waiter = new Thread(() -> {
            try {
                result.set(fl.acquire(Thread.currentThread(), TimeUnit.SECONDS.toNanos(30)));
            } catch (InterruptedException e) {
                result.set(-2);
            }
        });
        waiter.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (waiter.isAlive() && System.currentTimeMillis() < deadline) {
            fl.wakeAll(); // repeated: the waiter may not have started waiting yet
            waiter.join(50);
        }
        assertThat(waiter.isAlive()).isFalse();
        assertThat(result.get()).isEqualTo(-1);
    }

    /** The freelist that scales allocates nothing on its hot path (issue 11: no objects per operation). */
    @org.junit.jupiter.api.Test
    void homeSlotAcquireAndReleaseAllocateNothing() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported());
        mx.setThreadAllocatedMemoryEnabled(true);
        SlotFreelist fl = new HomeSlotFreelist();
        Thread me = Thread.currentThread();
        for (int i = 0; i < 20_000; i++) {
            fl.release(fl.tryAcquire(me), me);
        }
        long tid = me.getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int ops = 200_000;
        for (int i = 0; i < ops; i++) {
            fl.release(fl.tryAcquire(me), me);
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        // a Lease object per acquire and per release (the previous design) would be >= 32 bytes per round
        assertThat(bytes).as("bytes allocated by %d acquire+release rounds", ops).isLessThan(ops / 10);
    }

    /** A thread starts at its home slot (1 + id % 31), so threads that come and go touch disjoint cells. */
    @org.junit.jupiter.api.Test
    void homeSlotThreadsStartAtTheirHome() {
        SlotFreelist fl = new HomeSlotFreelist();
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> { });
            assertThat(fl.tryAcquire(t)).isEqualTo(1 + (int) (t.getId() % SlotFreelist.WORKER_SLOTS));
        }
    }

    /**
     * The owner mirror is believed only with its cell: a released slot has no owner although the mirror still names
     * the last one, and a slot taken again names its new owner.
     */
    @org.junit.jupiter.api.Test
    void homeSlotOwnerOfFollowsTheCell() {
        SlotFreelist fl = new HomeSlotFreelist();
        Thread a = new Thread(() -> { });
        Thread b = new Thread(() -> { });
        int s = fl.tryAcquire(a);
        assertThat(fl.ownerOf(s)).isSameAs(a);
        assertThat(fl.release(s, a)).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(fl.ownerOf(s)).isNull();
        assertThat(fl.reclaim(s, a)).as("a stale reclaim of a free slot").isFalse();
        int taken;
        do {
            taken = fl.tryAcquire(b);
        } while (taken != s && taken > 0);
        assertThat(fl.ownerOf(s)).isSameAs(b);
        assertThat(fl.reclaim(s, a)).as("a stale reclaim naming the previous owner").isFalse();
        assertThat(fl.release(0, b)).isNotEqualTo(ReleaseOutcome.RELEASED);
        assertThat(fl.ownerOf(0)).isNull();
    }
}
