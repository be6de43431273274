package org.mpsharness.backend.testsupport;

import org.mpsharness.core.design.DesignSet;
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
import org.mpsharness.backend.common.DeviceDiagnostics;

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
 * What every native backend must do through the device interface, with the semantics of the simulated device: exact
 * verify results, buffers retained until their work completes, use after release reported, events ordering queues,
 * command-buffer rules, completion handlers, out-of-memory as null without leaks, concurrent stream creation, and the
 * real workload on both designs with no violation and no leak. Subclasses bind a backend (real or stand-in library)
 * and add what is specific to it. Each test opens its own device and leaves nothing alive on it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class DeviceContract<D extends Device & DeviceDiagnostics> {
    protected static final long MiB = 1L << 20;

    protected D dev;

    /** Binds the backend under test (or skips) and opens a device. */
    protected abstract D openDevice();

    /** Slack allowed when comparing free device memory before and after (other users of a real GPU). */
    protected abstract long freeMemorySlack();

    @BeforeEach
    protected void openTheDevice() {
        dev = openDevice();
    }

    @AfterEach
    protected void closeTheDevice() {
        if (dev != null) {
            dev.close();
            assertThat(dev.violations()).as("device-reported violations").isEmpty();
        }
    }

    /** Commits and waits; fails the test on a command-buffer error. */
    protected static void run(CommandBuffer cb) {
        cb.commit();
        cb.waitUntilCompleted();
        assertThat(cb.error()).as("command buffer error").isNull();
        assertThat(cb.status()).isEqualTo(CommandBuffer.Status.COMPLETED);
    }

    @Test
    public void fillThenVerifyFindsExactlyTheBytesThatDiffer() {
        DeviceHeap heap = dev.newHeap(8 * MiB, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("fill-verify");
        long[] lengths = {1, 511, 4096 + 3, MiB + 5};
        List<DeviceBuffer> bufs = new ArrayList<>();
        for (long len : lengths) {
            DeviceBuffer b = heap.newBuffer(len);
            assertThat(b).isNotNull();
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

        // inner ranges with other values (4-byte aligned: Metal's blits need it on macOS) counted exactly, the first
        // one reported with its offset within the buffer; verifies may start and end anywhere
        DeviceBuffer big = bufs.get(3);
        CommandBuffer cb2 = q.commandBuffer();
        cb2.fill(big, 1000, 776, (byte) 0x11);
        cb2.fill(big, 300_004, 4, (byte) 0xEE);
        cb2.fill(big, 900_000, 4, (byte) 0xEF);
        PatternCheck whole = new PatternCheck();
        PatternCheck tail = new PatternCheck();
        PatternCheck unaligned = new PatternCheck();
        PatternCheck edge = new PatternCheck();
        cb2.verify(big, 0, big.length(), (byte) 0x5A, whole);
        cb2.verify(big, 2001, big.length() - 2001, (byte) 0x5A, tail);
        cb2.verify(big, 3, 997, (byte) 0x5A, unaligned);
        cb2.verify(big, 1775, 3, (byte) 0x5A, edge); // one 0x11 byte, then two untouched ones
        run(cb2);
        assertThat(whole.mismatches()).isEqualTo(776 + 8);
        assertThat(whole.firstBadOffset()).isEqualTo(1000);
        assertThat(whole.firstBadValue()).isEqualTo(0x11);
        assertThat(tail.mismatches()).isEqualTo(8);
        assertThat(tail.firstBadOffset()).as("offset within the buffer, not the range").isEqualTo(300_004);
        assertThat(tail.firstBadValue()).isEqualTo(0xEE);
        assertThat(unaligned.mismatches()).isZero();
        assertThat(edge.mismatches()).isEqualTo(1);
        assertThat(edge.firstBadOffset()).isEqualTo(1775);

        for (DeviceBuffer b : bufs) {
            b.release();
        }
        heap.release();
        q.release();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    public void buffersStayRetainedUntilTheWorkCompletes() {
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
    public void encodingOnAReleasedBufferIsReportedAndDropped() {
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
    public void eventsOrderWorkAcrossTwoQueues() throws Exception {
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

        b.release();
        heap.release();
        ev.release();
        producer.release();
        consumer.release();
        assertThat(dev.liveResources().isZero()).isTrue();
    }

    @Test
    public void commandBufferRulesThrow() {
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
    public void completionHandlersRunAfterCompletionInOrderOnADeviceThread() throws Exception {
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
    public void outOfMemoryHeapIsNullAndLeaksNothing() {
        long before = dev.memoryInfo().free();
        long total = dev.memoryInfo().total();
        assertThat(dev.newHeap(total * 4, StorageMode.PRIVATE)).isNull();
        assertThat(dev.newHeap(total * 2 + MiB, StorageMode.SHARED)).isNull();
        assertThat(dev.liveResources().isZero()).isTrue();
        assertThat(dev.currentAllocatedSize()).isZero();
        assertThat(Math.abs(dev.memoryInfo().free() - before)).isLessThanOrEqualTo(freeMemorySlack());
        DeviceHeap ok = dev.newHeap(MiB, StorageMode.PRIVATE);
        assertThat(ok).as("the device still works after an out-of-memory").isNotNull();
        ok.release();
    }

    @Test
    public void sixteenThreadsCreateStreamsAndUseThemAtOnce() throws Exception {
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
    public void workloadRunsCleanOnBothDesigns(String design) {
        MpsRuntime rt = MpsRuntime.create(DesignSet.parse(design), dev);
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
