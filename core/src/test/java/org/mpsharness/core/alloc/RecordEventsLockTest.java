package org.mpsharness.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Invariant 9 for recordEvents: recording a block's use on the default stream enters that stream, which activates it
 * in the commit gate, and activation may wait for another stream's commit-and-continue. So no allocator-level lock may
 * be held then. A gate double records the locks held by the thread at every activation; a variant that encodes the
 * signal under its pool lock (the defect this test exists for) must be caught, the designs must pass.
 */
class RecordEventsLockTest {

    /** A gate that remembers, at every activation, the locks its caller held. */
    static final class RecordingGate implements CommitGate {
        private final CommitGate delegate = new DisabledCommitGate();
        final List<List<String>> heldAtActivation = new ArrayList<>();

        @Override
        public synchronized void activate(MpsStream stream) {
            heldAtActivation.add(LockOrderChecker.heldByCurrentThread());
            delegate.activate(stream);
        }

        @Override
        public void deactivate(MpsStream stream) {
            delegate.deactivate(stream);
        }

        @Override
        public boolean tryBeginContinue(MpsStream stream) {
            return delegate.tryBeginContinue(stream);
        }

        @Override
        public void endContinue(MpsStream stream) {
            delegate.endContinue(stream);
        }

        @Override
        public int activeStreams() {
            return delegate.activeStreams();
        }

        @Override
        public String mode() {
            return delegate.mode();
        }

        /** Allocator-level locks (the pool shards, m_mutex, the event pool) held at some activation. */
        synchronized List<String> allocatorLocksHeld() {
            List<String> bad = new ArrayList<>();
            for (List<String> held : heldAtActivation) {
                for (String name : held) {
                    if (name.startsWith("allocator.") || name.startsWith("event_pool")) {
                        bad.add(name);
                    }
                }
            }
            return bad;
        }
    }

    /** Seeded: the improved allocator with the signal encoded under the block's pool lock. */
    static final class RecordUnderLock extends ShardedAllocator {
        RecordUnderLock(StreamPool streams, AllocatorConfig config) {
            super(streams, config);
        }

        @Override
        protected void recordEvent(BufferBlock b, MpsStream stream) {
            underPoolLock(b.pool(), () -> super.recordEvent(b, stream));
        }
    }

    static Stream<Arguments> designs() {
        return Stream.of(Arguments.of("improved", (BiFunction<StreamPool, AllocatorConfig, CachingAllocator>)
                        ShardedAllocator::new),
                Arguments.of("baseline", (BiFunction<StreamPool, AllocatorConfig, CachingAllocator>)
                        BaselineAllocator::new),
                Arguments.of("baseline-fixed", (BiFunction<StreamPool, AllocatorConfig, CachingAllocator>)
                        FixedBaselineAllocator::new));
    }

    /** Records a worker-stream block's use on the default stream; returns the allocator locks held at activation. */
    private static List<String> recordOnDefaultStream(BiFunction<StreamPool, AllocatorConfig, CachingAllocator> make) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        RecordingGate gate = new RecordingGate();
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults());
        CachingAllocator a = make.apply(pool, AllocatorConfig.defaults());
        try (SlotLease lease = pool.lease()) {
            BufferBlock b = a.malloc(4096, Usage.SHARED);
            MpsStream dflt = pool.getDefaultStream();
            dflt.fill(b.buffer(), 0, 4096, (byte) 7); // the default stream uses the block ...
            gate.heldAtActivation.clear();
            assertThat(a.recordEvents(List.of(b), dflt)).isTrue(); // ... and declares it
            assertThat(gate.heldAtActivation).as("recordEvents entered the default stream").isNotEmpty();
            a.free(b);
            assertThat(b.state()).as("the default stream's event is pending").isEqualTo(BufferBlock.PENDING);
            dflt.synchronize(org.mpsharness.core.stream.SyncType.COMMIT);
            dev.drain();
            a.freeInactiveBuffers();
            assertThat(b.state()).as("the event completed once the GPU passed it").isEqualTo(BufferBlock.FREE);
            return gate.allocatorLocksHeld();
        } finally {
            a.close();
            pool.close();
            LockOrderChecker.setEnabled(was);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("designs")
    void theStreamIsEnteredWithNoAllocatorLockHeld(String name,
                                                   BiFunction<StreamPool, AllocatorConfig, CachingAllocator> make) {
        assertThat(recordOnDefaultStream(make)).isEmpty();
    }

    @Test
    void aRecordUnderThePoolLockIsCaught() {
        assertThat(recordOnDefaultStream(RecordUnderLock::new)).containsExactly("allocator.pool[SHARED_SMALL]");
    }

    /** Two records of one block on one stream: the event completes only when the later one has passed. */
    @Test
    void theEventWaitsForTheHighestReservedSignal() {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = new ShardedAllocator(pool, AllocatorConfig.defaults());
        try (SlotLease lease = pool.lease()) {
            BufferBlock b = a.malloc(4096, Usage.PRIVATE);
            MpsStream other = pool.getStream(lease.slot() == 1 ? 2 : 1);
            other.fill(b.buffer(), 0, 4096, (byte) 1);
            a.recordEvents(List.of(b), other);
            other.synchronize(org.mpsharness.core.stream.SyncType.COMMIT);
            dev.drain(); // the first record has passed
            other.fill(b.buffer(), 0, 4096, (byte) 2);
            a.recordEvents(List.of(b), other); // a second use, not yet committed
            a.free(b);
            a.freeInactiveBuffers();
            assertThat(b.state()).as("second use still pending").isEqualTo(BufferBlock.PENDING);
            other.synchronize(org.mpsharness.core.stream.SyncType.COMMIT);
            dev.drain();
            a.freeInactiveBuffers();
            assertThat(b.state()).isEqualTo(BufferBlock.FREE);
        } finally {
            a.close();
            pool.close();
        }
    }
}
