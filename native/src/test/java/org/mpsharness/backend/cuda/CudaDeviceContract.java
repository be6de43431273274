package org.mpsharness.backend.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpsharness.core.design.Designs;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;

/**
 * What the CUDA backend must do, run against the real driver on a GPU host ({@link CudaGpuTest}) and against the
 * fake driver everywhere else ({@link CudaFakeDriverTest}). Each test opens its own device and ends with nothing
 * alive on it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class CudaDeviceContract {
    static final long MiB = 1L << 20;

    protected CudaDevice dev;

    /** Binds the driver under test (or skips) and opens GPU 0. */
    abstract CudaDevice openDevice();

    /** Slack allowed when comparing cuMemGetInfo free memory before and after (other users of a real GPU). */
    abstract long freeMemorySlack();

    @BeforeEach
    void open() {
        dev = openDevice();
    }

    @AfterEach
    void close() {
        if (dev != null) {
            dev.close();
            assertThat(dev.violations()).as("device-reported violations").isEmpty();
        }
    }

    /** Commits and waits; fails the test on a command-buffer error. */
    static void run(CommandBuffer cb) {
        cb.commit();
        cb.waitUntilCompleted();
        assertThat(cb.error()).as("command buffer error").isNull();
        assertThat(cb.status()).isEqualTo(CommandBuffer.Status.COMPLETED);
    }

    @Test
    void reportsDeviceMemoryAndHeapsTakeIt() {
        Device.MemoryInfo before = dev.memoryInfo();
        assertThat(before.total()).isPositive();
        assertThat(before.free()).isPositive().isLessThanOrEqualTo(before.total());
        assertThat(dev.recommendedMaxWorkingSetSize()).isEqualTo(before.total());
        assertThat(dev.hasUnifiedMemory()).isFalse();
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE).size()).isEqualTo(1024);
        assertThat(dev.heapBufferSizeAndAlign(1000, StorageMode.PRIVATE).align()).isEqualTo(512);

        DeviceHeap heap = dev.newHeap(64 * MiB, StorageMode.PRIVATE);
        assertThat(heap).isNotNull();
        assertThat(dev.currentAllocatedSize()).isEqualTo(64 * MiB);
        assertThat(dev.memoryInfo().free()).isLessThanOrEqualTo(before.free() - 64 * MiB + freeMemorySlack());
        heap.release();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(Math.abs(dev.memoryInfo().free() - before.free())).isLessThanOrEqualTo(freeMemorySlack());
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void fillThenVerifyFindsExactlyTheBytesThatDiffer() {
        DeviceHeap heap = dev.newHeap(8 * MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("fill-verify");
        long[] lengths = {1, 511, 4096 + 3, MiB + 5};
        List<DeviceBuffer> bufs = new ArrayList<>();
        for (long len : lengths) {
            DeviceBuffer b = heap.newBuffer(len);
            assertThat(b).isNotNull();
            assertThat(b.address() % 512).isZero();
            bufs.add(b);
        }
        CommandBuffer cb = q.commandBuffer();
        for (DeviceBuffer b : bufs) {
            cb.fill(b, 0, b.length(), (byte) 0x5A);
        }
        List<PatternCheck> good = new ArrayList<>();
        List<PatternCheck> wrong = new ArrayList<>();
        for (DeviceBuffer b : bufs) {
            PatternCheck ok = new PatternCheck();
            PatternCheck bad = new PatternCheck();
            cb.verify(b, 0, b.length(), (byte) 0x5A, ok);
            cb.verify(b, 0, b.length(), (byte) 0x5B, bad);
            good.add(ok);
            wrong.add(bad);
        }
        run(cb);
        for (int i = 0; i < bufs.size(); i++) {
            assertThat(good.get(i).done()).isTrue();
            assertThat(good.get(i).mismatches()).as("matching pattern, length %d", lengths[i]).isZero();
            assertThat(wrong.get(i).mismatches()).as("wrong pattern, length %d", lengths[i]).isEqualTo(lengths[i]);
            assertThat(wrong.get(i).firstBadOffset()).isZero();
            assertThat(wrong.get(i).firstBadValue()).isEqualTo(0x5A);
        }

        // an inner range with another value, and single corrupted bytes written from the host
        DeviceBuffer big = bufs.get(3);
        CommandBuffer cb2 = q.commandBuffer();
        cb2.fill(big, 1000, 777, (byte) 0x11);
        run(cb2);
        dev.write(big, 300_001, new byte[] {(byte) 0xEE});
        dev.write(big, 900_000, new byte[] {(byte) 0xEF});
        assertThat(dev.read(big, 1000, 2)).containsExactly(0x11, 0x11);
        PatternCheck whole = new PatternCheck();
        PatternCheck tail = new PatternCheck();
        PatternCheck unaligned = new PatternCheck();
        CommandBuffer cb3 = q.commandBuffer();
        cb3.verify(big, 0, big.length(), (byte) 0x5A, whole);
        cb3.verify(big, 2000, big.length() - 2000, (byte) 0x5A, tail);
        cb3.verify(big, 3, 997, (byte) 0x5A, unaligned);
        run(cb3);
        assertThat(whole.mismatches()).isEqualTo(777 + 2);
        assertThat(whole.firstBadOffset()).isEqualTo(1000);
        assertThat(whole.firstBadValue()).isEqualTo(0x11);
        assertThat(tail.mismatches()).isEqualTo(2);
        assertThat(tail.firstBadOffset()).as("offset within the buffer, not the range").isEqualTo(300_001);
        assertThat(tail.firstBadValue()).isEqualTo(0xEE);
        assertThat(unaligned.mismatches()).isZero();

        for (DeviceBuffer b : bufs) {
            b.release();
        }
        heap.release();
        q.release();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void buffersStayRetainedUntilTheWorkCompletes() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("retain");
        DeviceBuffer b = heap.newBuffer(MiB);
        CommandBuffer cb = q.commandBuffer();
        cb.compute(200_000_000L); // 200 ms of GPU time before the fill
        cb.fill(b, 0, b.length(), (byte) 1);
        assertThat(b.retainCount()).isEqualTo(2);
        cb.commit();
        b.release();
        assertThat(b.isReleased()).isTrue();
        assertThat(cb.status()).isEqualTo(CommandBuffer.Status.COMMITTED);
        assertThat(b.retainCount()).as("the GPU still uses it").isEqualTo(1);
        assertThat(heap.maxAvailableSize()).as("its range is not free while the GPU uses it").isZero();
        assertThat(dev.liveResources().buffers()).isEqualTo(1);
        heap.release();
        assertThat(dev.currentAllocatedSize()).as("heap memory stays while a buffer of it is retained")
                .isEqualTo(MiB);
        assertThat(q.uncompletedCount()).isEqualTo(1);
        cb.waitUntilCompleted();
        assertThat(b.retainCount()).isZero();
        assertThat(dev.liveResources().buffers()).isZero();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(q.uncompletedCount()).isZero();
        q.release();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void encodingOnAReleasedBufferIsReportedAndDropped() {
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("uaf");
        DeviceBuffer b = heap.newBuffer(4096);
        b.release();
        assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class);
        CommandBuffer cb = q.commandBuffer();
        PatternCheck pc = new PatternCheck();
        cb.fill(b, 0, 4096, (byte) 3);
        cb.verify(b, 0, 4096, (byte) 3, pc);
        run(cb);
        assertThat(pc.done()).isTrue();
        assertThat(pc.mismatches()).as("a check that could not run fails").isPositive();
        assertThat(dev.violations()).hasSize(2).allMatch(v -> v.startsWith("use after free"));
        heap.release();
        q.release();
        assertThat(dev.liveResources().isZero()).isTrue();
        dev.close();
        dev = null; // the violations were the point of this test
    }

    @Test
    void eventsOrderWorkAcrossTwoQueues() throws Exception {
        DeviceHeap heap = dev.newHeap(4 * MiB, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(4 * MiB);
        CommandQueue producer = dev.newCommandQueue("producer");
        CommandQueue consumer = dev.newCommandQueue("consumer");
        SharedEvent ev = dev.newSharedEvent();
        CommandBuffer init = producer.commandBuffer();
        init.fill(b, 0, b.length(), (byte) 0x01);
        run(init);

        CommandBuffer p = producer.commandBuffer();
        p.compute(100_000_000L); // the fill lands 100 ms from now
        p.fill(b, 0, b.length(), (byte) 0x02);
        p.encodeSignalEvent(ev, 1);
        p.commit();
        CommandBuffer c = consumer.commandBuffer();
        PatternCheck seen = new PatternCheck();
        c.encodeWaitForEvent(ev, 1);
        c.verify(b, 0, b.length(), (byte) 0x02, seen);
        c.encodeSignalEvent(ev, 2);
        c.commit();
        assertThat(ev.signaledValue()).as("nothing has run yet").isZero();
        assertThat(ev.waitUntilSignaled(2, 30_000)).isTrue();
        c.waitUntilCompleted();
        p.waitUntilCompleted();
        assertThat(seen.mismatches()).as("the consumer ran after the producer's fill").isZero();
        assertThat(ev.signaledValue()).isEqualTo(2);

        // a wait on an already reached value is a no-op; on a value nobody committed it is this backend's limit
        CommandBuffer c2 = consumer.commandBuffer();
        c2.encodeWaitForEvent(ev, 2);
        assertThatThrownBy(() -> c2.encodeWaitForEvent(ev, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("commit the signal first");
        CommandBuffer same = consumer.commandBuffer();
        same.encodeSignalEvent(ev, 5);
        same.encodeWaitForEvent(ev, 4); // signalled earlier in the same buffer: stream order covers it
        run(same);
        assertThat(ev.signaledValue()).isEqualTo(5);
        run(c2);

        b.release();
        heap.release();
        ev.release();
        producer.release();
        consumer.release();
        assertThat(dev.liveResources().isZero()).isTrue();
        assertThat(dev.eventsInUse()).isZero();
    }

    @Test
    void commandBufferRulesThrow() {
        CommandQueue q = dev.newCommandQueue("rules");
        DeviceHeap heap = dev.newHeap(MiB, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(1024);
        CommandBuffer cb = q.commandBuffer();
        assertThatThrownBy(cb::waitUntilCompleted).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uncommitted");
        cb.fill(b, 0, 1024, (byte) 9);
        assertThatThrownBy(() -> cb.fill(b, 0, 2048, (byte) 9)).isInstanceOf(IndexOutOfBoundsException.class);
        cb.commit();
        assertThatThrownBy(cb::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> cb.addCompletedHandler(() -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after commit");
        assertThatThrownBy(() -> cb.fill(b, 0, 1, (byte) 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cb.compute(1)).isInstanceOf(IllegalStateException.class);
        cb.waitUntilCompleted();
        CommandBuffer first = q.commandBuffer();
        first.fill(b, 0, 1024, (byte) 7);
        CommandBuffer next = first.commitAndContinue();
        assertThat(next).isNotSameAs(first);
        assertThat(first.status()).isIn(CommandBuffer.Status.COMMITTED, CommandBuffer.Status.COMPLETED);
        assertThat(next.status()).isEqualTo(CommandBuffer.Status.NOT_ENQUEUED);
        PatternCheck pc = new PatternCheck();
        next.verify(b, 0, 1024, (byte) 7, pc);
        run(next);
        assertThat(pc.mismatches()).isZero();
        b.release();
        heap.release();
        q.release();
        assertThatThrownBy(q::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(q::commandBuffer).isInstanceOf(IllegalStateException.class);
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    void completionHandlersRunAfterCompletionInOrderOnADeviceThread() throws Exception {
        CommandQueue q = dev.newCommandQueue("handlers");
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<CommandBuffer.Status> statusSeen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(3);
        List<CommandBuffer> cbs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            CommandBuffer cb = q.commandBuffer();
            cb.compute(5_000_000L);
            cbs.add(cb);
            cb.addCompletedHandler(() -> {
                order.add(n);
                ranOn.set(Thread.currentThread());
                statusSeen.compareAndSet(null, cbs.get(0).status());
                done.countDown();
            });
            cb.commit();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly(0, 1, 2);
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(statusSeen.get()).isEqualTo(CommandBuffer.Status.COMPLETED);
        q.release();
    }

    @Test
    void outOfMemoryHeapIsNullAndLeaksNothing() {
        long before = dev.memoryInfo().free();
        long total = dev.memoryInfo().total();
        assertThat(dev.newHeap(total * 2, StorageMode.PRIVATE)).isNull();
        assertThat(dev.newHeap(total + MiB, StorageMode.SHARED)).isNull();
        assertThat(dev.liveResources().isZero()).isTrue();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(Math.abs(dev.memoryInfo().free() - before)).isLessThanOrEqualTo(freeMemorySlack());
        DeviceHeap ok = dev.newHeap(MiB, StorageMode.PRIVATE);
        assertThat(ok).as("the device still works after an out-of-memory").isNotNull();
        ok.release();
    }

    @Test
    void sixteenThreadsCreateStreamsAndUseThemAtOnce() throws Exception {
        int n = 16;
        DeviceHeap heap = dev.newHeap(n * 64 * 1024L, StorageMode.PRIVATE);
        CyclicBarrier start = new CyclicBarrier(n);
        List<Thread> threads = new ArrayList<>();
        List<CommandQueue> queues = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger clean = new AtomicInteger();
        for (int t = 0; t < n; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    CommandQueue q = dev.newCommandQueue("thread-" + id);
                    queues.add(q);
                    DeviceBuffer b = heap.newBuffer(64 * 1024);
                    CommandBuffer cb = q.commandBuffer();
                    PatternCheck pc = new PatternCheck();
                    cb.fill(b, 0, b.length(), (byte) id);
                    cb.verify(b, 0, b.length(), (byte) id, pc);
                    cb.commit();
                    cb.waitUntilCompleted();
                    if (pc.done() && pc.mismatches() == 0 && cb.error() == null) {
                        clean.incrementAndGet();
                    }
                    b.release();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "stream-creator-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(clean.get()).isEqualTo(n);
        assertThat(dev.liveResources().queues()).isEqualTo(n);
        for (CommandQueue q : queues) {
            q.release();
        }
        heap.release();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "improved"})
    void workloadRunsCleanOnBothDesigns(String design) {
        MpsRuntime rt = MpsRuntime.create(Designs.byName(design), dev);
        WorkloadResult r = InferenceWorkload.run(rt, WorkloadConfig.defaults(4).withSteps(300), null);
        System.out.println(r.summary());
        r.violationTexts().forEach(System.out::println);
        r.leaks().forEach(System.out::println);
        assertThat(r.ops()).isEqualTo(4 * 300 * 2);
        assertThat(r.violationTexts()).isEmpty();
        assertThat(r.violations()).isZero();
        assertThat(r.leaks()).isEmpty();
        assertThat(RunChecks.closeAndCheck(rt)).isEmpty();
        assertThat(dev.violations()).isEmpty();
        assertThat(dev.liveResources().isZero()).isTrue();
    }
}
