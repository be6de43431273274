package org.mpsharness.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.device.StreamCreationException;

class SimDeviceTest {

    @Test
    void commandBuffersRunInCommitOrderAndPatternsAreRealBytes() {
        try (SimDevice dev = new SimDevice()) {
            CommandQueue q = dev.newCommandQueue("q");
            DeviceHeap heap = dev.newHeap(1 << 20, StorageMode.PRIVATE);
            DeviceBuffer b = heap.newBuffer(4096);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            CommandBuffer last = null;
            for (int i = 0; i < 20; i++) {
                CommandBuffer cb = q.commandBuffer();
                cb.fill(b, 0, 4096, (byte) (i + 1));
                int k = i;
                cb.addCompletedHandler(() -> order.add(k));
                cb.commit();
                last = cb;
            }
            PatternCheck good = new PatternCheck();
            PatternCheck bad = new PatternCheck();
            CommandBuffer check = q.commandBuffer();
            check.verify(b, 0, 4096, (byte) 20, good);
            check.verify(b, 0, 4096, (byte) 19, bad);
            check.commit();
            check.waitUntilCompleted();
            dev.drain();
            assertThat(last.status()).isEqualTo(CommandBuffer.Status.COMPLETED);
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
            assertThat(good.mismatches()).isZero();
            assertThat(bad.mismatches()).isEqualTo(4096);
            assertThat(bad.firstBadOffset()).isZero();
            assertThat(bad.firstBadValue()).isEqualTo(20);
        }
    }

    @Test
    void commandBufferRulesAreEnforced() {
        try (SimDevice dev = new SimDevice()) {
            CommandQueue q = dev.newCommandQueue("q");
            CommandBuffer cb = q.commandBuffer();
            assertThatThrownBy(cb::waitUntilCompleted).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("uncommitted");
            cb.commit();
            assertThatThrownBy(cb::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("committed twice");
            assertThatThrownBy(() -> cb.addCompletedHandler(() -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after commit");
            assertThatThrownBy(() -> cb.compute(1)).isInstanceOf(IllegalStateException.class);
            cb.waitUntilCompleted();
        }
    }

    @Test
    void gpuRetainsBuffersUntilCompletionAndUseAfterFreeIsReported() {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        CommandQueue q = dev.newCommandQueue("q");
        DeviceHeap heap = dev.newHeap(1 << 16, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(1 << 16);
        CommandBuffer cb = q.commandBuffer();
        cb.fill(b, 0, 1 << 16, (byte) 1);
        assertThat(b.retainCount()).isEqualTo(2);
        cb.commit();
        b.release();
        assertThat(heap.newBuffer(1024)).as("range still retained by the GPU").isNull();
        dev.drain();
        assertThat(b.retainCount()).isZero();
        DeviceBuffer again = heap.newBuffer(1024);
        assertThat(again).isNotNull();
        CommandBuffer late = q.commandBuffer();
        late.fill(b, 0, 16, (byte) 9);
        assertThat(dev.violations()).anyMatch(v -> v.contains("use after free"));
        assertThat(dev.violationCount()).isEqualTo(1);
    }

    @Test
    void eventsOrderWorkAcrossQueues() throws InterruptedException {
        try (SimDevice dev = new SimDevice()) {
            CommandQueue a = dev.newCommandQueue("a");
            CommandQueue bq = dev.newCommandQueue("b");
            SharedEvent ev = dev.newSharedEvent();
            DeviceHeap heap = dev.newHeap(1 << 16, StorageMode.PRIVATE);
            DeviceBuffer buf = heap.newBuffer(1 << 16);
            CommandBuffer waiter = bq.commandBuffer();
            waiter.encodeWaitForEvent(ev, 1);
            PatternCheck seen = new PatternCheck();
            waiter.verify(buf, 0, 1 << 16, (byte) 7, seen);
            waiter.commit();
            CommandBuffer writer = a.commandBuffer();
            writer.compute(2_000_000);
            writer.fill(buf, 0, 1 << 16, (byte) 7);
            writer.encodeSignalEvent(ev, 1);
            writer.commit();
            waiter.waitUntilCompleted();
            assertThat(seen.mismatches()).as("the wait ordered the verify after the fill").isZero();
            assertThat(ev.waitUntilSignaled(1, 1000)).isTrue();
            assertThat(ev.signaledValue()).isEqualTo(1);
        }
    }

    @Test
    void faultInjection() {
        SimDevice dev = new SimDevice();
        dev.faults().failNextQueueCreations(1).oomAfterBytes(1 << 20);
        assertThatThrownBy(() -> dev.newCommandQueue("x")).isInstanceOf(StreamCreationException.class)
                .hasMessageContaining("fault injection");
        assertThat(dev.newCommandQueue("y")).isNotNull();
        DeviceHeap h = dev.newHeap(1 << 20, StorageMode.SHARED);
        assertThat(h).isNotNull();
        assertThat(dev.newHeap(1, StorageMode.SHARED)).isNull();
        h.release();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(dev.liveResources().heaps()).isZero();
    }

    @Test
    void manualModeDetectsAWaitThatCanNeverBeSatisfied() {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        CommandQueue q = dev.newCommandQueue("q");
        SharedEvent ev = dev.newSharedEvent();
        CommandBuffer cb = q.commandBuffer();
        cb.encodeWaitForEvent(ev, 5);
        cb.commit();
        assertThatThrownBy(cb::waitUntilCompleted).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot make progress");
    }

    @Test
    void lazyMemoryCostsNothingUntilWritten() {
        try (SimDevice dev = new SimDevice()) {
            DeviceHeap h = dev.newHeap(1L << 30, StorageMode.PRIVATE); // 1 GiB heap, lazily backed
            DeviceBuffer b = h.newBuffer(1L << 29);
            CommandQueue q = dev.newCommandQueue("q");
            CommandBuffer cb = q.commandBuffer();
            PatternCheck zero = new PatternCheck();
            cb.verify(b, 0, 1L << 29, (byte) 0, zero);
            cb.commit();
            cb.waitUntilCompleted();
            assertThat(zero.mismatches()).isZero();
        }
    }
}
