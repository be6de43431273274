package org.mpsharness.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpsharness.core.device.StreamCreationException;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.MpsStream;

class StreamPoolTest {

    static StreamPool pool(String design, SimDevice dev, PoolConfig cfg) {
        return design.equals("baseline") ? new BaselineStreamPool(dev, new AdaptiveCommitGate(), cfg)
                : new ImprovedStreamPool(dev, new AdaptiveCommitGate(), cfg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void thirtyOneThreadsOwnThirtyOneDistinctSlotsAndSlotZeroStaysDefault(String design) throws Exception {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, PoolConfig.defaults())) {
            assertThat(pool.getCurrentStream().index()).isZero();
            Set<Integer> slots = ConcurrentHashMap.newKeySet();
            CountDownLatch held = new CountDownLatch(31);
            CountDownLatch done = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 31; i++) {
                Thread t = new Thread(() -> {
                    try (SlotLease lease = pool.lease()) {
                        slots.add(lease.slot());
                        assertThat(pool.getCurrentStream()).isSameAs(lease.stream());
                        assertThat(pool.currentSlot()).isEqualTo(lease.slot());
                        held.countDown();
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                ts.add(t);
                t.start();
            }
            held.await();
            assertThat(slots).hasSize(31).doesNotContain(0);
            assertThat(pool.freeSlots()).isZero();
            assertThat(pool.gate().activeStreams()).isEqualTo(31);
            done.countDown();
            for (Thread t : ts) {
                t.join();
            }
            assertThat(pool.freeSlots()).isEqualTo(31);
            assertThat(pool.gate().activeStreams()).isZero();
            assertThat(pool.createdStreams()).isEqualTo(32);
        }
        assertThat(dev.liveResources().isZero()).as("%s", dev.liveResources()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void exhaustionWaitsThenFailsClearlyOrFallsBackToTheDefaultStream(String design) {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, new PoolConfig(50, PoolConfig.Exhausted.ERROR))) {
            for (int i = 0; i < 31; i++) {
                pool.acquireSlot();
            }
            long t0 = System.nanoTime();
            assertThatThrownBy(pool::acquireSlot).isInstanceOf(SlotsExhaustedException.class)
                    .hasMessageContaining("31 worker stream slots");
            assertThat(System.nanoTime() - t0).as("waited the bounded time").isGreaterThanOrEqualTo(40_000_000L);
        }
        try (StreamPool pool = pool(design, dev, new PoolConfig(10, PoolConfig.Exhausted.DEFAULT_STREAM))) {
            for (int i = 0; i < 31; i++) {
                pool.acquireSlot();
            }
            assertThat(pool.acquireSlot()).isZero();
            assertThat(pool.releaseStreamSlot(0)).isEqualTo(ReleaseOutcome.DEFAULT_SLOT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void aDeadThreadsSlotComesBackExactlyOnce(String design) throws Exception {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, new PoolConfig(2_000, PoolConfig.Exhausted.ERROR))) {
            for (int i = 0; i < 30; i++) {
                pool.acquireSlot();
            }
            AtomicReference<Integer> died = new AtomicReference<>();
            Thread t = new Thread(() -> died.set(pool.acquireSlot())); // exits without releasing
            t.start();
            t.join();
            assertThat(pool.freeSlots()).isZero();
            assertThat(pool.acquireSlot()).as("reclaimed from the dead owner").isEqualTo(died.get());
            assertThat(pool.reclaimDeadOwners()).isZero();
            assertThat(pool.ownerOf(died.get())).isSameAs(Thread.currentThread());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void releaseIsOwnerOnlyAndOnce(String design) throws Exception {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, PoolConfig.defaults())) {
            int s = pool.acquireSlot();
            AtomicReference<ReleaseOutcome> byOther = new AtomicReference<>();
            Thread t = new Thread(() -> byOther.set(pool.releaseStreamSlot(s)));
            t.start();
            t.join();
            assertThat(byOther.get()).isEqualTo(ReleaseOutcome.NOT_OWNER);
            assertThat(pool.freeSlots()).isEqualTo(30);
            pool.setCurrentStream(pool.getStream(s));
            assertThat(pool.releaseStreamSlot(s)).isEqualTo(ReleaseOutcome.RELEASED);
            assertThat(pool.currentSlot()).as("current stream falls back to the default").isZero();
            assertThat(pool.releaseStreamSlot(s)).isEqualTo(ReleaseOutcome.ALREADY_FREE);
            assertThat(pool.freeSlots()).isEqualTo(31);
            assertThatThrownBy(() -> pool.releaseStreamSlot(32)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void shutdownFailsAcquiresWakesWaitersAndMakesLateReleasesHarmless(String design) throws Exception {
        SimDevice dev = new SimDevice();
        StreamPool pool = pool(design, dev, new PoolConfig(30_000, PoolConfig.Exhausted.ERROR));
        int mine = pool.acquireSlot();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            others.add(pool.acquireSlot());
        }
        AtomicReference<Throwable> waiterError = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                pool.acquireSlot();
            } catch (Throwable e) {
                waiterError.set(e);
            }
        });
        waiter.start();
        Thread.sleep(100);
        pool.shutdown();
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(waiterError.get()).isInstanceOf(PoolShutdownException.class);
        assertThatThrownBy(pool::acquireSlot).isInstanceOf(PoolShutdownException.class);
        assertThat(pool.releaseStreamSlot(mine)).isEqualTo(ReleaseOutcome.AFTER_SHUTDOWN);
        pool.close();
        pool.close();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void failedStreamCreationGivesTheSlotBackAndLeaksNothing(String design) {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, PoolConfig.defaults())) {
            dev.faults().failNextQueueCreations(1);
            assertThatThrownBy(pool::acquireSlot).isInstanceOf(StreamCreationException.class);
            assertThat(pool.freeSlots()).isEqualTo(31);
            assertThat(pool.gate().activeStreams()).isZero();
            assertThat(dev.liveResources().queues()).isZero();
            int s = pool.acquireSlot(); // retry creates the stream
            assertThat(pool.getStream(s).index()).isEqualTo(s);
            assertThat(pool.createdStreams()).isEqualTo(1);
        }
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void setCurrentStreamUsesTheSlotTheStreamWasCreatedFor(String design) {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = pool(design, dev, PoolConfig.defaults());
             StreamPool other = pool(design, dev, PoolConfig.defaults())) {
            for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
                MpsStream s = pool.getStream(i);
                assertThat(s.index()).isEqualTo(i);
                pool.setCurrentStream(s);
                assertThat(pool.currentSlot()).isEqualTo(i);
                assertThat(pool.getCurrentStream()).isSameAs(s);
            }
            MpsStream foreign = other.getStream(3);
            assertThatThrownBy(() -> pool.setCurrentStream(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
