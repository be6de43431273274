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
}
