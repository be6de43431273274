package org.mpsharness.core.alloc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * A finding, reproduced deterministically: the baseline allocator's emptyCache releases a buffer that another thread
 * is using. release_cached_buffers syncs only the default stream, so a cached buffer of a worker stream can still be
 * retained by the GPU; release_buffer then drops m_mutex to add a completion handler, and release_buffers follows its
 * iterator to the next cached buffer, which another thread allocated meanwhile. The improved design syncs every stream
 * first and never drops its lock, so the same interleaving is harmless there.
 *
 * <p>The interleaving is forced by a commit gate that runs the competing malloc at the moment the allocator touches
 * the default stream from inside the window.
 */
class BaselineLockDropFindingTest {

    /** A gate that runs {@code hook} at the n-th activation of the default stream. */
    static final class HookGate implements CommitGate {
        final DisabledCommitGate inner = new DisabledCommitGate();
        final AtomicInteger defaultActivations = new AtomicInteger();
        volatile int fireAt = -1;
        volatile Runnable hook;

        @Override
        public void activate(MpsStream s) {
            inner.activate(s);
            if (s.isDefault() && defaultActivations.incrementAndGet() == fireAt && hook != null) {
                hook.run();
            }
        }

        @Override
        public void deactivate(MpsStream s) {
            inner.deactivate(s);
        }

        @Override
        public boolean tryBeginContinue(MpsStream s) {
            return false;
        }

        @Override
        public void endContinue(MpsStream s) {
        }

        @Override
        public int activeStreams() {
            return inner.activeStreams();
        }

        @Override
        public String mode() {
            return "off";
        }
    }

    /** Sets up b1 (busy on stream 2) and b2 (idle, from stream 1) cached, then empties the cache with the hook. */
    static BufferBlock scenario(StreamPool pool, CachingAllocator a, SimDevice dev, HookGate gate) throws Exception {
        MpsStream s1 = pool.getStream(1);
        MpsStream s2 = pool.getStream(2);
        pool.setCurrentStream(s2);
        BufferBlock b1 = a.malloc(8192, Usage.PRIVATE);
        s2.fill(b1.buffer(), 0, 8192, (byte) 0x81); // encoded, never run: retained by the GPU
        pool.setCurrentStream(s1);
        BufferBlock b2 = a.malloc(8192, Usage.PRIVATE);
        s1.fill(b2.buffer(), 0, 8192, (byte) 0x82);
        s1.synchronize(org.mpsharness.core.stream.SyncType.COMMIT_AND_WAIT);
        a.free(b2);
        pool.setCurrentStream(s2);
        a.free(b1);
        a.flushThreadCache();
        pool.setCurrentStream(pool.getDefaultStream());
        AtomicReference<BufferBlock> stolen = new AtomicReference<>();
        gate.hook = () -> {
            Thread t = new Thread(() -> stolen.set(a.malloc(8192, Usage.PRIVATE))); // on the default stream
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        // activation 1: the default-stream sync of release_cached_buffers; 2: the handler added inside the window
        gate.fireAt = gate.defaultActivations.get() + 2;
        a.emptyCache();
        assertThat(stolen.get()).as("the competing malloc ran").isNotNull();
        return stolen.get();
    }

    @Test
    void baselineEmptyCacheReleasesABufferAnotherThreadIsUsing() throws Exception {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        HookGate gate = new HookGate();
        StreamPool pool = new BaselineStreamPool(dev, gate, PoolConfig.defaults());
        BaselineAllocator a = new BaselineAllocator(pool, AllocatorConfig.defaults());
        BufferBlock stolen = scenario(pool, a, dev, gate);
        assertThat(stolen.state()).as("in use by the thread that allocated it, yet released by emptyCache")
                .isEqualTo(BufferBlock.RELEASED);
        assertThat(stolen.buffer().isReleased()).isTrue();
        assertThat(a.stats().inconsistencies()).as("the pool's counters are corrupted too").isNotEmpty();
    }

    @Test
    void improvedEmptyCacheLeavesInUseBuffersAlone() throws Exception {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        HookGate gate = new HookGate();
        StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults());
        ShardedAllocator a = new ShardedAllocator(pool, AllocatorConfig.defaults());
        MpsStream s1 = pool.getStream(1);
        MpsStream s2 = pool.getStream(2);
        pool.setCurrentStream(s2);
        BufferBlock b1 = a.malloc(8192, Usage.PRIVATE);
        s2.fill(b1.buffer(), 0, 8192, (byte) 0x81);
        pool.setCurrentStream(s1);
        BufferBlock b2 = a.malloc(8192, Usage.PRIVATE);
        a.free(b2);
        pool.setCurrentStream(s2);
        a.free(b1);
        a.flushThreadCache();
        AtomicReference<BufferBlock> stolen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            pool.setCurrentStream(s1);
            stolen.set(a.malloc(8192, Usage.PRIVATE));
        });
        t.start();
        t.join();
        a.emptyCache(); // syncs every stream first, never drops a shard lock
        assertThat(stolen.get().state()).isEqualTo(BufferBlock.IN_USE);
        assertThat(stolen.get().buffer().isReleased()).isFalse();
        assertThat(a.stats().inconsistencies()).isEmpty();
    }
}
