package org.mpsharness.core.alloc;

import org.mpsharness.core.design.DesignSet;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.MpsStream;

/**
 * Invariant 2 on a device whose GPU progresses only when the test says so (MANUAL mode): a block is reused on its own
 * stream at once, on another stream only after the GPU finished with it, and after use on another stream only once
 * that stream's event completed.
 */
class ReuseRuleTest {

    static MpsRuntime manual(String design, SimDevice dev) {
        return MpsRuntime.create(DesignSet.parse(design), dev, PoolConfig.defaults(), AllocatorConfig.defaults(),
                Map.of());
    }

    static BufferBlock on(StreamPool pool, MpsStream s, java.util.function.Supplier<BufferBlock> op) {
        MpsStream before = pool.getCurrentStream();
        pool.setCurrentStream(s);
        try {
            return op.get();
        } finally {
            pool.setCurrentStream(before);
        }
    }

    /** Runs {@code op} on a fresh thread whose current stream is {@code s}; returns its result. */
    static BufferBlock onThread(StreamPool pool, MpsStream s, java.util.function.Supplier<BufferBlock> op)
            throws InterruptedException {
        AtomicReference<BufferBlock> r = new AtomicReference<>();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                pool.setCurrentStream(s);
                r.set(op.get());
            } catch (Throwable e) {
                err.set(e);
            }
        });
        t.start();
        t.join();
        if (err.get() != null) {
            throw new AssertionError(err.get());
        }
        return r.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void anotherStreamWaitsForTheGpuTheOwningStreamDoesNot(String design) throws Exception {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        MpsRuntime rt = manual(design, dev);
        StreamPool pool = rt.pool();
        CachingAllocator a = rt.allocator();
        MpsStream s1 = pool.getStream(1);
        MpsStream s2 = pool.getStream(2);
        pool.setCurrentStream(s1);
        BufferBlock b = a.malloc(64 * 1024, Usage.PRIVATE);
        s1.fill(b.buffer(), 0, b.size(), (byte) 0x85);
        s1.executeGraph(0); // committed, not run: the GPU has not progressed
        a.free(b);
        a.flushThreadCache(); // improved: make it visible to other threads through the shared pool
        BufferBlock other = onThread(pool, s2, () -> a.malloc(64 * 1024, Usage.PRIVATE));
        assertThat(other).as("other stream must not get a block the GPU still writes").isNotSameAs(b);
        BufferBlock same = a.malloc(64 * 1024, Usage.PRIVATE);
        assertThat(same).as("the owning stream reuses at once (stream order)").isSameAs(b);
        a.free(same);
        a.flushThreadCache();
        dev.drain(); // the GPU finishes
        BufferBlock later = onThread(pool, s2, () -> a.malloc(64 * 1024, Usage.PRIVATE));
        assertThat(later).as("after completion any stream may reuse it").isSameAs(b);
        onThread(pool, s2, () -> {
            a.free(later);
            a.free(other);
            a.flushThreadCache();
            return null;
        });
        dev.drain();
        rt.close();
        assertThat(dev.liveResources().isZero()).as("%s", dev.liveResources()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void useOnAnotherStreamKeepsTheBlockPendingUntilItsEventCompleted(String design) {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        MpsRuntime rt = manual(design, dev);
        StreamPool pool = rt.pool();
        CachingAllocator a = rt.allocator();
        MpsStream s1 = pool.getStream(1);
        MpsStream s2 = pool.getStream(2);
        pool.setCurrentStream(s1);
        BufferBlock b = a.malloc(4096, Usage.PRIVATE);
        s2.fill(b.buffer(), 0, 4096, (byte) 0x91);
        assertThat(a.recordEvents(List.of(b), s2)).isTrue();
        assertThat(a.recordEvents(List.of(b), s1)).as("its own stream needs no event").isFalse();
        s2.executeGraph(0);
        a.free(b);
        a.freeInactiveBuffers();
        AllocatorStats st = a.stats();
        assertThat(st.pools().get(PoolKind.PRIVATE_SMALL.ordinal()).pendingSize()).isEqualTo(4096);
        assertThat(a.malloc(4096, Usage.PRIVATE)).as("not even its own stream may take it").isNotSameAs(b);
        dev.drain();
        a.freeInactiveBuffers();
        assertThat(a.stats().pools().get(PoolKind.PRIVATE_SMALL.ordinal()).pendingSize()).isZero();
        BufferBlock again = a.malloc(4096, Usage.PRIVATE);
        assertThat(again).isSameAs(b);
        assertThat(again.state()).isEqualTo(BufferBlock.IN_USE);
        rt.close();
    }
}
