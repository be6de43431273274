package org.mpsharness.backend.smoke;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.backend.common.DeviceDiagnostics;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.StorageMode;

/**
 * Quick checks of a device through the device interface, for hosts without Maven or JUnit (the GPU host): each one
 * exercises one promise of the interface and fails with what it saw. The JUnit contract
 * ({@code DeviceContract} in the tests) asserts the same promises in more detail.
 */
public final class SelfCheck {
    private static final long MiB = 1L << 20;

    /** One named check: returns a short detail, throws when the device broke a promise. */
    public interface Check {
        String run(Device d) throws Exception;
    }

    /** A named check. */
    public record Named(String name, Check check) {
    }

    private SelfCheck() {
    }

    /** The checks every backend must pass, in the order to run them. */
    public static List<Named> standard() {
        return List.of(
                new Named("memory figures and heaps", SelfCheck::memory),
                new Named("fill + verify, exact mismatches", SelfCheck::fillVerify),
                new Named("event orders two queues", SelfCheck::events),
                new Named("command-buffer rules throw", SelfCheck::rules),
                new Named("completion handlers in order", SelfCheck::handlers),
                new Named("out-of-memory heap is null", SelfCheck::outOfMemory),
                new Named("16 threads create streams", SelfCheck::sixteenThreads),
                new Named("nothing left alive", SelfCheck::nothingAlive));
    }

    static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    static void run(CommandBuffer cb) {
        cb.commit();
        cb.waitUntilCompleted();
        expect(cb.status() == CommandBuffer.Status.COMPLETED, "command buffer " + cb.status() + ": " + cb.error());
    }

    private static String memory(Device d) {
        Device.MemoryInfo before = d.memoryInfo();
        expect(before.total() > 0 && before.free() > 0 && before.free() <= before.total(), "memory info " + before);
        DeviceHeap h = d.newHeap(64 * MiB, StorageMode.PRIVATE);
        expect(h != null, "a 64 MiB heap was refused");
        expect(d.currentAllocatedSize() == 64 * MiB, "allocated " + d.currentAllocatedSize());
        long during = d.memoryInfo().free();
        h.release();
        expect(d.currentAllocatedSize() == 0, "allocated after release " + d.currentAllocatedSize());
        return String.format("total %.1f GiB, free %.1f GiB, a 64 MiB heap took %.0f MiB",
                before.total() / 1073741824.0, before.free() / 1073741824.0, (before.free() - during) / (double) MiB);
    }

    private static String fillVerify(Device d) {
        DeviceHeap heap = d.newHeap(8 * MiB, StorageMode.PRIVATE);
        CommandQueue q = d.newCommandQueue("selfcheck-fill");
        DeviceBuffer b = heap.newBuffer(3 * MiB + 5);
        try {
            CommandBuffer cb = q.commandBuffer();
            cb.fill(b, 0, b.length(), (byte) 0x5A);
            cb.fill(b, 1000, 776, (byte) 0x11);
            PatternCheck all = new PatternCheck();
            PatternCheck wrong = new PatternCheck();
            PatternCheck clean = new PatternCheck();
            cb.verify(b, 0, b.length(), (byte) 0x5A, all);
            cb.verify(b, 0, b.length(), (byte) 0x5B, wrong);
            cb.verify(b, 2000, b.length() - 2000, (byte) 0x5A, clean);
            run(cb);
            expect(all.mismatches() == 776 && all.firstBadOffset() == 1000 && all.firstBadValue() == 0x11,
                    "inner range: " + all.mismatches() + " bad, first at " + all.firstBadOffset());
            expect(wrong.mismatches() == b.length() && wrong.firstBadOffset() == 0, "wrong pattern: "
                    + wrong.mismatches() + " of " + b.length());
            expect(clean.done() && clean.mismatches() == 0, "clean range: " + clean.mismatches());
            return "3 MiB: 776 of 776 planted bytes found, first at 1000";
        } finally {
            b.release();
            heap.release();
            q.release();
        }
    }

    private static String events(Device d) throws InterruptedException {
        DeviceHeap heap = d.newHeap(4 * MiB, StorageMode.PRIVATE);
        DeviceBuffer b = heap.newBuffer(4 * MiB);
        CommandQueue producer = d.newCommandQueue("selfcheck-producer");
        CommandQueue consumer = d.newCommandQueue("selfcheck-consumer");
        SharedEvent ev = d.newSharedEvent();
        try {
            CommandBuffer init = producer.commandBuffer();
            init.fill(b, 0, b.length(), (byte) 1);
            run(init);
            CommandBuffer p = producer.commandBuffer();
            p.compute(50_000_000L);
            p.fill(b, 0, b.length(), (byte) 2);
            p.encodeSignalEvent(ev, 1);
            p.commit();
            long early = ev.signaledValue();
            CommandBuffer c = consumer.commandBuffer();
            PatternCheck seen = new PatternCheck();
            c.encodeWaitForEvent(ev, 1);
            c.verify(b, 0, b.length(), (byte) 2, seen);
            run(c);
            p.waitUntilCompleted();
            expect(seen.mismatches() == 0, "the consumer ran before the producer's fill: " + seen.mismatches()
                    + " stale bytes");
            expect(ev.waitUntilSignaled(1, 10_000) && ev.signaledValue() == 1, "event at " + ev.signaledValue());
            return "consumer waited for a fill 50 ms of GPU time away (event " + early + " -> 1)";
        } finally {
            b.release();
            heap.release();
            ev.release();
            producer.release();
            consumer.release();
        }
    }

    private static String rules(Device d) {
        CommandQueue q = d.newCommandQueue("selfcheck-rules");
        try {
            CommandBuffer cb = q.commandBuffer();
            int thrown = 0;
            thrown += throwsIllegalState(cb::waitUntilCompleted);
            cb.compute(1000);
            cb.commit();
            thrown += throwsIllegalState(cb::commit);
            thrown += throwsIllegalState(() -> cb.addCompletedHandler(() -> { }));
            thrown += throwsIllegalState(() -> cb.compute(1));
            cb.waitUntilCompleted();
            expect(thrown == 4, "only " + thrown + " of 4 misuses threw");
            return "wait-before-commit, commit twice, handler and encoding after commit: all refused";
        } finally {
            q.release();
        }
    }

    private static int throwsIllegalState(Runnable r) {
        try {
            r.run();
            return 0;
        } catch (IllegalStateException expected) {
            return 1;
        }
    }

    private static String handlers(Device d) throws InterruptedException {
        CommandQueue q = d.newCommandQueue("selfcheck-handlers");
        try {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<CommandBuffer.Status> seen = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                int n = i;
                CommandBuffer cb = q.commandBuffer();
                cb.compute(2_000_000L);
                cb.addCompletedHandler(() -> {
                    order.add(n);
                    seen.compareAndSet(null, cb.status());
                    done.countDown();
                });
                cb.commit();
            }
            expect(done.await(30, TimeUnit.SECONDS), "handlers did not run within 30 s");
            expect(order.equals(List.of(0, 1, 2)), "handler order " + order);
            expect(seen.get() == CommandBuffer.Status.COMPLETED, "handler saw status " + seen.get());
            return "3 handlers, in commit order, after completion";
        } finally {
            q.release();
        }
    }

    private static String outOfMemory(Device d) {
        long before = d.memoryInfo().free();
        long total = d.memoryInfo().total();
        expect(d.newHeap(total * 4, StorageMode.PRIVATE) == null, "a heap of 4x device memory was granted");
        long after = d.memoryInfo().free();
        expect(d.liveResources().isZero(), "objects alive after the refusal: " + d.liveResources());
        expect(Math.abs(after - before) <= 4 * MiB, "free memory moved by " + (after - before) + " B");
        DeviceHeap ok = d.newHeap(MiB, StorageMode.PRIVATE);
        expect(ok != null, "the device refused 1 MiB after an out-of-memory");
        ok.release();
        return "null, free memory back to " + (after - before) + " B of where it was";
    }

    private static String sixteenThreads(Device d) throws Exception {
        int n = 16;
        DeviceHeap heap = d.newHeap(n * 64 * 1024L, StorageMode.PRIVATE);
        CyclicBarrier start = new CyclicBarrier(n);
        List<CommandQueue> queues = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger clean = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < n; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    CommandQueue q = d.newCommandQueue("selfcheck-thread-" + id);
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
                    failures.add(e.toString());
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(60_000);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (CommandQueue q : queues) {
            q.release();
        }
        heap.release();
        expect(failures.isEmpty(), "failures: " + failures);
        expect(clean.get() == n, clean.get() + " of " + n + " threads verified their fill");
        return n + " streams created and used concurrently in " + ms + " ms";
    }

    private static String nothingAlive(Device d) {
        Device.ResourceCounts rc = d.liveResources();
        expect(rc.isZero(), "alive: " + rc);
        if (d instanceof DeviceDiagnostics diag) {
            expect(diag.violationCount() == 0, "device-reported violations: " + diag.violations());
        }
        return "no queue, heap, buffer, event or uncompleted command buffer alive";
    }
}
