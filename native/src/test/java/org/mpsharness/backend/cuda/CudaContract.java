package org.mpsharness.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mpsharness.backend.testsupport.DeviceContract;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.StorageMode;

/**
 * The device contract plus what is specific to CUDA: memory figures from cuMemGetInfo, the 512-byte granule, bytes
 * corrupted behind the backend's back found by the verify kernel, and the emulated shared event's limit (a wait needs
 * a committed signal). Run on a real GPU ({@link CudaGpuTest}) and on the fake driver ({@link CudaFakeDriverTest}).
 */
abstract class CudaContract extends DeviceContract<CudaDevice> {

    @Test
    void reportsDeviceMemoryAndHeapsTakeIt() {
        Device.MemoryInfo before = dev.memoryInfo();
        assertThat(before.total()).isPositive();
        assertThat(before.free()).isPositive().isLessThanOrEqualTo(before.total());
        assertThat(dev.recommendedMaxWorkingSetSize()).isEqualTo(before.total());
        assertThat(dev.hasUnifiedMemory()).isFalse();
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE).size()).isEqualTo(1024);
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE).align()).isEqualTo(512);
        assertThat(dev.gpuName()).isNotBlank();

        DeviceHeap heap = dev.newHeap(64 * MiB, StorageMode.PRIVATE);
        assertThat(heap).isNotNull();
        assertThat(dev.currentAllocatedSize()).isEqualTo(64 * MiB);
        assertThat(dev.memoryInfo().free()).isLessThanOrEqualTo(before.free() - 64 * MiB + freeMemorySlack());
        DeviceBuffer a = heap.newBuffer(1);
        DeviceBuffer b = heap.newBuffer(1);
        assertThat(b.address() - a.address()).as("buffers take 512-byte granules").isEqualTo(512);
        a.release();
        b.release();
        heap.release();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(Math.abs(dev.memoryInfo().free() - before.free())).isLessThanOrEqualTo(freeMemorySlack());
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void fillsAnyRange() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("unaligned");
        DeviceBuffer b = heap.newBuffer(10_000);
        CommandBuffer cb = q.commandBuffer();
        cb.fill(b, 0, b.length(), (byte) 0x5A);
        cb.fill(b, 1001, 777, (byte) 0x11);
        PatternCheck pc = new PatternCheck();
        cb.verify(b, 0, b.length(), (byte) 0x5A, pc);
        run(cb);
        assertThat(pc.mismatches()).isEqualTo(777);
        assertThat(pc.firstBadOffset()).isEqualTo(1001);
        assertThat(dev.read(b, 1000, 1)).containsExactly(0x5A);
        assertThat(dev.read(b, 1778, 1)).containsExactly(0x5A);
        b.release();
        heap.release();
        q.release();
    }

    @Test
    void verifyFindsBytesCorruptedBehindTheBackendsBack() {
        DeviceHeap heap = dev.newHeap(4 * MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("corrupt");
        DeviceBuffer big = heap.newBuffer(3 * MiB + 7);
        CommandBuffer fill = q.commandBuffer();
        fill.fill(big, 0, big.length(), (byte) 0x5A);
        run(fill);
        assertThat(dev.read(big, big.length() - 3, 3)).containsExactly(0x5A, 0x5A, 0x5A);
        dev.write(big, 2 * MiB + 1, new byte[] {(byte) 0xEF});
        dev.write(big, 300_001, new byte[] {(byte) 0xEE, (byte) 0xED});
        PatternCheck whole = new PatternCheck();
        PatternCheck after = new PatternCheck();
        CommandBuffer cb = q.commandBuffer();
        cb.verify(big, 0, big.length(), (byte) 0x5A, whole);
        cb.verify(big, 300_002, big.length() - 300_002, (byte) 0x5A, after);
        run(cb);
        assertThat(whole.mismatches()).isEqualTo(3);
        assertThat(whole.firstBadOffset()).isEqualTo(300_001);
        assertThat(whole.firstBadValue()).isEqualTo(0xEE);
        assertThat(after.mismatches()).isEqualTo(2);
        assertThat(after.firstBadOffset()).isEqualTo(300_002);
        assertThat(after.firstBadValue()).isEqualTo(0xED);
        big.release();
        heap.release();
        q.release();
    }

    @Test
    void aWaitNeedsACommittedSignalOnCuda() {
        CommandQueue q = dev.newCommandQueue("waits");
        SharedEvent ev = dev.newSharedEvent();
        CommandBuffer signal = q.commandBuffer();
        signal.encodeSignalEvent(ev, 2);
        run(signal);
        CommandBuffer c = q.commandBuffer();
        c.encodeWaitForEvent(ev, 2); // reached: nothing to wait for
        assertThatThrownBy(() -> c.encodeWaitForEvent(ev, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("commit the signal first");
        CommandBuffer same = q.commandBuffer();
        same.encodeSignalEvent(ev, 5);
        same.encodeWaitForEvent(ev, 4); // signalled earlier in the same buffer: stream order covers it
        run(same);
        assertThat(ev.signaledValue()).isEqualTo(5);
        run(c);
        ev.release();
        q.release();
        assertThat(dev.eventsInUse()).as("every pooled CUevent came back").isZero();
    }
}
