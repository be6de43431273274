package org.mpsharness.model.check;

import static org.mpsharness.model.check.AllocatorContract.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
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
import org.mpsharness.core.stream.SyncType;

/**
 * The allocator contract's cross-stream part: blocks whose GPU work or recorded use on a stream is pending, reached
 * on a device whose GPU runs only when the check says so.
 * <ul>
 *   <li>a block with a pending event of another stream (recordEvents), freed by its owner: never handed out again —
 *       on the owner's stream (through its thread cache) nor on a third stream — before the GPU passed the event;</li>
 *   <li>a block flushed by its owner, or freed by another thread, while its stream's GPU work is pending: never reused
 *       on another stream before the GPU passed its fence;</li>
 *   <li>a thread that changes its current stream, or frees another stream's block after allocating on its own: the
 *       block whose work is pending is not handed to it on its stream before that work completed;</li>
 *   <li>recordEvents on the default stream: the commit gate, whose activation may wait, is never entered with an
 *       allocator-level lock held (invariant 9).</li>
 * </ul>
 * Each ends with the statistics audited against the blocks held, once the GPU is idle.
 */
final class AllocatorStreamRaces {
    private AllocatorStreamRaces() {
    }

    static void run(Class<?> impl) throws Exception {
        recordEventsOutsideLocks(impl);
        pendingEvent(impl);
        reuseAcrossStreams(impl);
        streamChangeAndForeignFree(impl);
    }

    private static SimDevice manual() {
        return new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    }

    /** The default stream's activation with an allocator lock held is refused (the gate's activation may wait). */
    static final class WaitCheckingGate implements CommitGate {
        private final CommitGate inner = new DisabledCommitGate();

        @Override
        public void activate(MpsStream stream) {
            LockOrderChecker.assertMayBlock("commit gate activation of " + stream);
            inner.activate(stream);
        }

        @Override
        public void deactivate(MpsStream stream) {
            inner.deactivate(stream);
        }

        @Override
        public boolean tryBeginContinue(MpsStream stream) {
            return inner.tryBeginContinue(stream);
        }

        @Override
        public void endContinue(MpsStream stream) {
            inner.endContinue(stream);
        }

        @Override
        public int activeStreams() {
            return inner.activeStreams();
        }

        @Override
        public String mode() {
            return inner.mode();
        }
    }

    /**
     * recordEvents on the default stream: the commit gate, whose activation may wait, must never be entered with an
     * allocator-level lock held (invariant 9).
     */
    private static void recordEventsOutsideLocks(Class<?> impl) {
        Rig rig = Rig.of(impl, manual(), new WaitCheckingGate());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        try (SlotLease lease = pool.lease()) {
            BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.SHARED));
            MpsStream dflt = pool.getDefaultStream();
            dflt.fill(b.buffer(), 0, 4096, (byte) 3);
            call("recordEvents on the default stream (with no allocator lock held when it enters the stream)",
                    () -> a.recordEvents(List.of(b), dflt));
            call("free", () -> a.free(b));
            gpu(pool, dev);
        }
        call("close", a::close);
    }

    /** A device, a pool on it and the design under test on the pool. */
    record Rig(SimDevice dev, StreamPool pool, CachingAllocator a) {
        static Rig of(Class<?> impl, SimDevice dev, CommitGate gate) {
            StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults());
            return new Rig(dev, pool, Instances.allocator(impl, pool, AllocatorConfig.forChecks()));
        }

        static Rig of(Class<?> impl, SimDevice dev) {
            return of(impl, dev, new DisabledCommitGate());
        }
    }

    /** Lets the GPU finish everything encoded on the pool's streams. */
    static void gpu(StreamPool pool, SimDevice dev) {
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = pool.peekStream(i);
            if (s != null) {
                s.synchronize(SyncType.COMMIT);
            }
        }
        dev.drain();
    }

    /**
     * Runs {@code op} on a new thread whose current stream is {@code s}; returns its result. The thread ends, as a
     * worker that used a stream of the pool would.
     */
    private static BufferBlock onThread(StreamPool pool, MpsStream s, Supplier<BufferBlock> op)
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
        if (err.get() instanceof AssertionError) {
            throw (AssertionError) err.get();
        }
        Contracts.require(err.get() == null, "a call on " + s + " threw " + err.get());
        return r.get();
    }

    /**
     * A block used on stream B (recordEvents) and freed by its owner on stream A: until the GPU passed B's work, no
     * malloc — the owner's own on A, nor one on C — may return it.
     */
    private static void pendingEvent(Class<?> impl) {
        Rig rig = Rig.of(impl, manual());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        MpsStream sc = pool.getStream(3);
        pool.setCurrentStream(sa);
        BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        sa.fill(b.buffer(), 0, 4096, (byte) 1);
        sb.fill(b.buffer(), 0, 4096, (byte) 1); // stream B uses the block ...
        call("recordEvents", () -> a.recordEvents(List.of(b), sb)); // ... and says so
        call("free", () -> a.free(b));
        List<BufferBlock> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(call("malloc on the owner's stream", () -> a.malloc(4096, Usage.PRIVATE)));
        }
        pool.setCurrentStream(sc);
        got.add(call("malloc on a third stream", () -> a.malloc(4096, Usage.PRIVATE)));
        long inUse = got.stream().mapToLong(BufferBlock::size).sum();
        AllocatorContract.consistent(a, inUse, "with a freed block waiting for another stream's event");
        for (BufferBlock g : got) {
            Contracts.require(g != b, b + " handed out again while stream " + sb.index()
                    + "'s recorded use of it had not completed (a pending event ignored)");
        }
        gpu(pool, dev);
        AllocatorContract.audit(a, dev, got, "after the GPU passed the event");
        for (BufferBlock g : got) {
            call("free", () -> a.free(g));
        }
        call("close", a::close);
    }

    /**
     * A block whose GPU work on stream A is pending leaves its thread — flushed by its owner, or freed by another
     * thread — and a thread on stream B allocates: it must not get the block before A's work completed.
     */
    private static void reuseAcrossStreams(Class<?> impl) throws InterruptedException {
        Rig rig = Rig.of(impl, manual());
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        List<BufferBlock> two = pendingOn(rig, sa);
        BufferBlock flushed = two.get(0);
        BufferBlock given = two.get(1);
        call("free", () -> a.free(flushed));
        call("flushThreadCache", a::flushThreadCache);
        onThread(pool, sb, () -> {
            a.free(given); // another thread frees it: it leaves with a fence of stream A
            return null;
        });
        List<BufferBlock> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.add(onThread(pool, sb, () -> a.malloc(8192, Usage.PRIVATE)));
        }
        requireNoneOf(got, List.of(flushed, given), "while stream " + sa.index()
                + "'s GPU work on it was pending (fence not respected)");
        finish(rig, got);
    }

    /** Two blocks allocated with {@code s} current and written there by GPU work still pending (manual device). */
    private static List<BufferBlock> pendingOn(Rig rig, MpsStream s) {
        rig.pool().setCurrentStream(s);
        List<BufferBlock> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            BufferBlock b = call("malloc", () -> rig.a().malloc(8192, Usage.PRIVATE));
            s.fill(b.buffer(), 0, 8192, (byte) 1);
            two.add(b);
        }
        return two;
    }

    /** No block of {@code got} is one of {@code pending}. */
    private static void requireNoneOf(List<BufferBlock> got, List<BufferBlock> pending, String why) {
        for (BufferBlock g : got) {
            Contracts.require(!pending.contains(g), g + " handed out on stream " + g.stream().index() + " " + why);
        }
    }

    /** Lets the GPU finish, audits the statistics against {@code got}, frees it and closes the allocator. */
    private static void finish(Rig rig, List<BufferBlock> got) {
        gpu(rig.pool(), rig.dev());
        AllocatorContract.audit(rig.a(), rig.dev(), got, "after the GPU finished");
        for (BufferBlock g : got) {
            call("free", () -> rig.a().free(g));
        }
        call("close", rig.a()::close);
    }

    /**
     * A thread frees a block whose work on stream A is pending and makes B its current stream; another thread on C,
     * which already allocated there, frees a block of A's pending work: neither malloc on the new stream may return
     * the block before A's work completed (written for mutants of the improved allocator that kept a thread's cache
     * across a stream change, or cached another stream's block: PIT, 2026-11-30).
     */
    private static void streamChangeAndForeignFree(Class<?> impl) throws InterruptedException {
        Rig rig = Rig.of(impl, manual());
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        MpsStream sc = pool.getStream(3);
        List<BufferBlock> two = pendingOn(rig, sa);
        BufferBlock mine = two.get(0);
        BufferBlock theirs = two.get(1);
        call("free", () -> a.free(mine));
        pool.setCurrentStream(sb);
        List<BufferBlock> got = new ArrayList<>();
        got.add(call("malloc after a change of the current stream", () -> a.malloc(8192, Usage.PRIVATE)));
        onThread(pool, sc, () -> {
            BufferBlock first = a.malloc(8192, Usage.PRIVATE);
            a.free(theirs); // stream A's block, freed by a thread that allocates on C
            got.add(first);
            got.add(a.malloc(8192, Usage.PRIVATE));
            return null;
        });
        requireNoneOf(got, List.of(mine, theirs), "while stream " + sa.index() + "'s GPU work on it was pending (a "
                + "stream change or a foreign free skipped the fence)");
        finish(rig, got);
    }
}
