package org.mpsharness.backend.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpsharness.backend.testsupport.DeviceContract;
import org.mpsharness.backend.testsupport.FakeLibs;
import org.mpsharness.backend.testsupport.FakeObjc;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.SizeAndAlign;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.device.StreamCreationException;

/**
 * The Metal backend over the stand-in Objective-C runtime (src/test/c/fake_objc.c): the device contract, then what
 * is specific to Metal. After every test the stand-in must report no misuse, no live object, no open autorelease pool
 * and no message sent outside a pool - the ownership rules (owned objects released once, autoreleased ones in a pool
 * of the calling thread) checked call by call. What this cannot show is Metal's own behaviour on a Mac.
 */
class MetalOverFakeRuntimeTest extends DeviceContract<MetalDevice> {
    private static Path lib;
    private static FakeObjc fake;

    @BeforeAll
    static void build() {
        lib = FakeLibs.build("fake_objc");
        fake = FakeObjc.load(lib);
    }

    @Override
    protected MetalDevice openDevice() {
        fake.fake_mtl_set_memory_limit(16L << 30);
        return MetalDevice.open(Map.of("objcLib", lib.toString()));
    }

    @Override
    protected long freeMemorySlack() {
        return 0;
    }

    @AfterEach
    void runtimeSawNoMisuseAndEverythingWasReleased() {
        if (dev != null) {
            dev.close();
        }
        assertThat(fake.fake_objc_count("errors")).as("stand-in runtime: %s", fake.fake_objc_last_error()).isZero();
        assertThat(fake.fake_objc_count("unpooled_messages")).as("messages sent with no autorelease pool").isZero();
        assertThat(fake.fake_objc_count("pools")).as("autorelease pools not popped").isZero();
        assertThat(fake.fake_objc_count("live")).as("live Objective-C objects (queues %d, command buffers %d, "
                        + "heaps %d, buffers %d, events %d, devices %d)", fake.fake_objc_count("queue"),
                fake.fake_objc_count("commandBuffer"), fake.fake_objc_count("heap"), fake.fake_objc_count("buffer"),
                fake.fake_objc_count("sharedEvent"), fake.fake_objc_count("device")).isZero();
        fake.fake_objc_reset();
    }

    @Test
    void deviceFiguresComeFromMetalIncludingAStructReturn() {
        assertThat(dev.gpuName()).isEqualTo("Fake Apple GPU (objc test double)");
        assertThat(dev.hasUnifiedMemory()).as("a one-byte BOOL").isTrue();
        assertThat(dev.recommendedMaxWorkingSetSize()).isEqualTo(12L << 30);
        assertThat(dev.maxBufferLength()).isEqualTo(4L << 30);
        // MTLSizeAndAlign comes back in two registers; the storage mode travels in the options' bits 4..7
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE)).isEqualTo(new SizeAndAlign(4096, 4096));
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.SHARED)).isEqualTo(new SizeAndAlign(1024, 256));
        long messages = fake.fake_objc_count("messages");
        dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE);
        assertThat(fake.fake_objc_count("messages")).as("answers are cached").isEqualTo(messages);
        assertThat(dev.memoryInfo().total()).isEqualTo(12L << 30);
    }

    @Test
    void heapsPlaceBuffersAndSayNilWhenFull() {
        DeviceHeap heap = dev.newHeap(64 * 1024, StorageMode.PRIVATE);
        assertThat(heap.maxAvailableSize()).isEqualTo(64 * 1024);
        List<DeviceBuffer> bufs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            DeviceBuffer b = heap.newBuffer(1000); // 4 KiB each in private storage
            assertThat(b).isNotNull();
            bufs.add(b);
        }
        assertThat(heap.newBuffer(1)).as("full: nil").isNull();
        assertThat(heap.maxAvailableSize()).isZero();
        assertThat(heap.bufferCount()).isEqualTo(16);
        bufs.remove(3).release();
        assertThat(heap.maxAvailableSize()).isEqualTo(4096);
        assertThat(fake.fake_objc_count("buffer")).isEqualTo(15);
        for (DeviceBuffer b : bufs) {
            b.release();
        }
        heap.release();
        assertThat(fake.fake_objc_count("heap")).isZero();
    }

    @Test
    void fillsAreWholeWordsAsMacOsBlitsRequire() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.SHARED);
        CommandQueue q = dev.newCommandQueue("words");
        DeviceBuffer b = heap.newBuffer(1001); // a 1004-byte MTLBuffer: the tail fill may use the padding
        CommandBuffer cb = q.commandBuffer();
        cb.fill(b, 0, 1001, (byte) 0x5A);
        cb.fill(b, 500, 501, (byte) 0x11); // ends at the buffer's end: widened into the padding
        assertThatThrownBy(() -> cb.fill(b, 1, 4, (byte) 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4-byte-aligned");
        assertThatThrownBy(() -> cb.fill(b, 0, 6, (byte) 1)).isInstanceOf(IllegalArgumentException.class);
        PatternCheck head = new PatternCheck();
        PatternCheck tail = new PatternCheck();
        cb.verify(b, 1, 499, (byte) 0x5A, head);
        cb.verify(b, 499, 502, (byte) 0x11, tail);
        run(cb);
        assertThat(head.mismatches()).isZero();
        assertThat(tail.mismatches()).isEqualTo(1);
        assertThat(tail.firstBadOffset()).isEqualTo(499);
        assertThat(tail.firstBadValue()).isEqualTo(0x5A);
        b.release();
        heap.release();
        q.release();
    }

    @Test
    void aQueueMayWaitForASignalCommittedLater() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.SHARED);
        DeviceBuffer b = heap.newBuffer(MiB);
        CommandQueue producer = dev.newCommandQueue("producer");
        CommandQueue consumer = dev.newCommandQueue("consumer");
        SharedEvent ev = dev.newSharedEvent();
        CommandBuffer c = consumer.commandBuffer();
        PatternCheck pc = new PatternCheck();
        c.encodeWaitForEvent(ev, 7);
        c.verify(b, 0, b.length(), (byte) 0x42, pc);
        c.commit(); // committed before anybody signals 7: Metal holds the consumer's queue
        CommandBuffer p = producer.commandBuffer();
        p.fill(b, 0, b.length(), (byte) 0x42);
        p.encodeSignalEvent(ev, 7);
        p.commit();
        c.waitUntilCompleted();
        assertThat(pc.mismatches()).isZero();
        assertThat(ev.signaledValue()).isEqualTo(7);
        b.release();
        heap.release();
        ev.release();
        producer.release();
        consumer.release();
    }

    @Test
    void failedQueueCreationThrowsAndLeaksNothing() {
        fake.fake_mtl_fail_next("newCommandQueue", 1);
        assertThatThrownBy(() -> dev.newCommandQueue("doomed")).isInstanceOf(StreamCreationException.class)
                .hasMessageContaining("newCommandQueue").hasMessageContaining("doomed");
        assertThat(dev.liveResources().isZero()).isTrue();
        assertThat(fake.fake_objc_count("queue")).isZero();
        dev.newCommandQueue("retry").release();
    }

    @Test
    void aGpuErrorFailsTheCommandBufferWithMetalsDescription() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(4096);
        CommandQueue q = dev.newCommandQueue("faulty");
        fake.fake_mtl_fail_next_command_buffers(1);
        CommandBuffer cb = q.commandBuffer();
        PatternCheck pc = new PatternCheck();
        cb.fill(b, 0, 4096, (byte) 1);
        cb.verify(b, 0, 4096, (byte) 1, pc);
        cb.commit();
        cb.waitUntilCompleted();
        assertThat(cb.status()).isEqualTo(CommandBuffer.Status.ERROR);
        assertThat(cb.error()).contains("Fake GPU fault injected by the test");
        assertThat(pc.done()).isTrue();
        assertThat(pc.mismatches()).isPositive();
        assertThat(dev.violations()).anyMatch(v -> v.contains("Fake GPU fault"));
        b.release();
        heap.release();
        q.release();
        dev.close();
        dev = null; // the reported violation was the point
    }

    @Test
    void manyCommitsStayWithinTheQueuesSixtyFourCommandBuffers() {
        CommandQueue q = dev.newCommandQueue("many");
        List<CommandBuffer> cbs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CommandBuffer cb = q.commandBuffer();
            cb.compute(20_000);
            cb.commit();
            cbs.add(cb);
        }
        cbs.get(cbs.size() - 1).waitUntilCompleted();
        for (CommandBuffer cb : cbs) {
            cb.waitUntilCompleted();
            assertThat(cb.status()).isEqualTo(CommandBuffer.Status.COMPLETED);
        }
        assertThat(fake.fake_objc_count("max_uncompleted")).isBetween(1L, 64L);
        q.release();
    }

    @Test
    void outOfMemoryAtTheDeviceLimitIsNil() {
        fake.fake_mtl_set_memory_limit(256L << 20);
        DeviceHeap a = dev.newHeap(200L << 20, StorageMode.PRIVATE);
        assertThat(a).isNotNull();
        assertThat(dev.newHeap(100L << 20, StorageMode.PRIVATE)).isNull();
        assertThat(fake.fake_objc_count("heapDescriptor")).as("descriptors are released either way").isZero();
        a.release();
        DeviceHeap b = dev.newHeap(100L << 20, StorageMode.SHARED);
        assertThat(b).isNotNull();
        b.release();
    }
}
