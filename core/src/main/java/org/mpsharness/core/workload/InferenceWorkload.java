package org.mpsharness.core.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.MpsOutOfMemoryException;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The multi-threaded inference workload: N threads, each owning a worker slot, allocating a mix of sizes, writing
 * owner-tagged patterns with GPU work, handing some blocks to another thread's stream, and verifying every pattern
 * with GPU work before the block is freed. A block handed to two owners, or reused before the GPU finished with it,
 * shows up as a corrupted pattern. After the run it checks that every slot is free, every block is back and the
 * statistics are zero and consistent ({@link RunChecks}).
 */
public final class InferenceWorkload {
    private final MpsRuntime rt;
    private final WorkloadConfig cfg;
    private final OpLog log;
    private final Violations violations = new Violations();
    /** Device faults that ended a worker with a clear error (out of memory, failed stream creation). */
    private final Violations faults = new Violations();
    private final AtomicLong ops = new AtomicLong();
    private final List<Map<Long, BufferBlock>> seenIds = new ArrayList<>();
    private final List<PendingCheck> leftover = new ArrayList<>();
    private final List<SharedEvent> handoffEvents = new ArrayList<>();

    private InferenceWorkload(MpsRuntime rt, WorkloadConfig cfg, OpLog log) {
        this.rt = rt;
        this.cfg = cfg;
        this.log = log;
    }

    /** Runs the workload on {@code rt} and checks it; the runtime stays open (see {@link RunChecks#closeAndCheck}). */
    public static WorkloadResult run(MpsRuntime rt, WorkloadConfig cfg, OpLog log) {
        return new InferenceWorkload(rt, cfg, log).execute();
    }

    /** Owner tag: top bit set, the slot, two bits of generation. Distinct slots never share a tag. */
    static byte tag(int slot, int gen) {
        return (byte) (0x80 | (slot << 2) | (gen & 3));
    }

    private record PendingCheck(PatternCheck check, long blockId, byte tag, int thread, String where) {
    }

    private WorkloadResult execute() {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < cfg.threads(); t++) {
            Map<Long, BufferBlock> ids = new HashMap<>();
            seenIds.add(ids);
            int id = t;
            Thread th = new Thread(() -> worker(id, ids, start), "worker-" + t);
            threads.add(th);
            th.start();
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread cleaner = cfg.emptyCacheMillis() > 0 ? startCleaner(stop) : null;
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread th : threads) {
            joinQuietly(th);
        }
        long nanos = System.nanoTime() - t0;
        stop.countDown();
        if (cleaner != null) {
            joinQuietly(cleaner);
        }
        RunChecks checks = new RunChecks(rt, violations);
        checks.syncAllStreams();
        for (PendingCheck pc : leftover) {
            evaluate(pc);
        }
        for (SharedEvent e : handoffEvents) {
            e.release();
        }
        checks.checkUniqueIds(seenIds);
        List<String> leaks = checks.quiescentLeaks();
        return new WorkloadResult(rt.design().name(), rt.device().name(), cfg.threads(), ops.get(), nanos,
                violations.count(), violations.texts(), faults.texts(), leaks, rt.allocator().stats(),
                checks.commitCounts());
    }

    /** Empties the cache every interval until {@code stop} opens: the wait ends at once then, not at the interval. */
    private Thread startCleaner(CountDownLatch stop) {
        Thread c = new Thread(() -> {
            while (stop.getCount() > 0) {
                try {
                    rt.allocator().emptyCache();
                    if (stop.await(cfg.emptyCacheMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | Error e) {
                    violations.add("emptyCache failed: " + e);
                }
            }
        }, "empty-cache");
        c.setDaemon(true);
        c.start();
        return c;
    }

    private void worker(int t, Map<Long, BufferBlock> ids, CountDownLatch start) {
        StreamPool pool = rt.pool();
        CachingAllocator alloc = rt.allocator();
        OpLog.Writer w = log == null ? null : log.writer(t);
        SplittableRandom rng = new SplittableRandom(cfg.seed() * 1_000_003L + t);
        List<PendingCheck> checks = new ArrayList<>();
        BufferBlock[] live = new BufferBlock[cfg.liveBlocks()];
        byte[] tags = new byte[cfg.liveBlocks()];
        SharedEvent handoff = rt.device().newSharedEvent();
        synchronized (handoffEvents) {
            handoffEvents.add(handoff);
        }
        long handoffValue = 0;
        int gen = 0;
        awaitQuietly(start);
        int slot = acquire(pool, t, w);
        if (slot < 0) {
            return;
        }
        MpsStream stream = pool.getStream(slot);
        pool.setCurrentStream(stream);
        try {
            for (int step = 0; step < cfg.steps(); step++) {
                int i = step % live.length;
                if (live[i] != null) {
                    verifyAndFree(t, stream, live[i], tags[i], checks, w, "before free");
                    live[i] = null;
                }
                long size = cfg.mix().next(rng);
                Usage usage = rng.nextDouble() < cfg.sharedFraction() ? Usage.SHARED : Usage.PRIVATE;
                BufferBlock b = malloc(alloc, size, usage, stream, w);
                BufferBlock prev = ids.put(b.id(), b);
                if (prev != null && prev != b) {
                    violations.add("buffer id " + b.id() + " given to two different buffers");
                }
                byte tag = tag(slot, gen++);
                stream.fill(b.buffer(), 0, size, tag);
                MpsStream peer = cfg.handoffEvery() > 0 && step % cfg.handoffEvery() == cfg.handoffEvery() - 1
                        ? peerStream(pool, slot, rng) : null;
                if (peer != null) {
                    // hand the block to another worker's stream: it waits for our fill, checks it, rewrites it
                    stream.encodeSignalEvent(handoff, ++handoffValue);
                    // commit the signal before another queue may wait for it: a wait on an uncommitted signal
                    // deadlocks as soon as the peer's owner syncs its stream while we wait for its mutex
                    stream.synchronize(SyncType.COMMIT);
                    peer.encodeWaitForEvent(handoff, handoffValue);
                    PatternCheck pc = new PatternCheck();
                    peer.verify(b.buffer(), 0, size, tag, pc);
                    checks.add(new PendingCheck(pc, b.id(), tag, t, "on peer stream " + peer.index()));
                    byte tag2 = tag(slot, gen++);
                    peer.fill(b.buffer(), 0, size, tag2);
                    alloc.recordEvents(List.of(b), peer);
                    freeLogged(alloc, b, w); // freed while the other stream may still use it
                } else {
                    live[i] = b;
                    tags[i] = tag;
                }
                stream.executeGraph(cfg.gpuNanos());
                if (cfg.defaultEvery() > 0 && (step + 1) % cfg.defaultEvery() == 0) {
                    onDefaultStream(t, slot, gen++, rng, checks, w);
                    pool.setCurrentStream(stream);
                }
                if (cfg.churnEvery() > 0 && (step + 1) % cfg.churnEvery() == 0) {
                    // the thread's pending work completes first: its live blocks are then read on the next stream
                    stream.synchronize(SyncType.COMMIT_AND_WAIT);
                    evaluateDone(checks);
                    release(pool, t, slot, w);
                    slot = acquire(pool, t, w);
                    if (slot < 0) {
                        slot = 0; // a fault was recorded: finish on the default stream, release nothing
                        freeAll(alloc, live);
                        break;
                    }
                    stream = pool.getStream(slot);
                    pool.setCurrentStream(stream);
                }
                if (cfg.flushEvery() > 0 && (step + 1) % cfg.flushEvery() == 0) {
                    alloc.flushThreadCache();
                }
                if ((step + 1) % cfg.syncEvery() == 0) {
                    stream.synchronize(SyncType.COMMIT_AND_WAIT);
                    evaluateDone(checks);
                }
            }
            for (int i = 0; i < live.length; i++) {
                if (live[i] != null) {
                    verifyAndFree(t, stream, live[i], tags[i], checks, w, "at end");
                    live[i] = null;
                }
            }
            stream.synchronize(SyncType.COMMIT_AND_WAIT);
            evaluateDone(checks);
            // no flushThreadCache here: a worker ends as a real thread does, and the allocator must take back what
            // its thread-local state holds (improved design: dead-thread cache reclamation)
        } catch (MpsOutOfMemoryException | DeviceException e) {
            faults.add("worker " + t + " (slot " + slot + "): " + firstLine(e.getMessage()));
            freeAll(alloc, live);
        } catch (RuntimeException | Error e) {
            violations.add("worker " + t + " (slot " + slot + "): " + e);
            freeAll(alloc, live);
        } finally {
            synchronized (leftover) {
                leftover.addAll(checks);
            }
            if (slot > 0) {
                release(pool, t, slot, w);
            }
        }
    }

    /** acquireSlot, logged; -1 after recording why no slot was had. */
    private int acquire(StreamPool pool, int t, OpLog.Writer w) {
        if (w != null) {
            w.invoke(OpLog.Fn.ACQUIRE, 0, 0, 0);
        }
        int slot;
        try {
            slot = pool.acquireSlot();
        } catch (DeviceException e) {
            if (w != null) {
                w.fail(OpLog.Fn.ACQUIRE);
            }
            faults.add("worker " + t + ": no stream: " + e.getMessage());
            return -1;
        } catch (RuntimeException e) {
            if (w != null) {
                w.fail(OpLog.Fn.ACQUIRE);
            }
            violations.add("worker " + t + ": could not acquire a slot: " + e);
            return -1;
        }
        if (w != null) {
            w.ok(OpLog.Fn.ACQUIRE, slot, 0, 0);
        }
        return slot;
    }

    /** releaseStreamSlot by the owner, logged; anything but RELEASED is a violation. */
    private void release(StreamPool pool, int t, int slot, OpLog.Writer w) {
        if (w != null) {
            w.invoke(OpLog.Fn.RELEASE, slot, 0, 0);
        }
        ReleaseOutcome outcome = pool.releaseStreamSlot(slot);
        if (w != null) {
            w.ok(OpLog.Fn.RELEASE, outcome.ordinal(), 0, 0);
        }
        if (outcome != ReleaseOutcome.RELEASED) {
            violations.add("worker " + t + ": releasing its slot " + slot + " gave " + outcome);
        }
    }

    /**
     * One step on the default stream, which every thread shares (several users of one stream): allocate, fill, run a
     * graph, verify and free, all on stream 0 (so nothing crosses streams without an event), then the caller makes
     * its own stream current again.
     */
    private void onDefaultStream(int t, int slot, int gen, SplittableRandom rng, List<PendingCheck> checks,
                                 OpLog.Writer w) {
        StreamPool pool = rt.pool();
        MpsStream def = pool.getDefaultStream();
        pool.setCurrentStream(def);
        long size = cfg.mix().next(rng);
        BufferBlock b = malloc(rt.allocator(), size, Usage.PRIVATE, def, w);
        byte tag = tag(slot, gen);
        def.fill(b.buffer(), 0, size, tag);
        def.executeGraph(cfg.gpuNanos());
        verifyAndFree(t, def, b, tag, checks, w, "on the default stream");
    }

    /** After a fault: give back what the worker still holds, so that the leak checks see only real leaks. */
    private void freeAll(CachingAllocator alloc, BufferBlock[] live) {
        for (int i = 0; i < live.length; i++) {
            if (live[i] != null) {
                try {
                    alloc.free(live[i]);
                } catch (RuntimeException e) {
                    violations.add("free after fault failed: " + e);
                }
                live[i] = null;
            }
        }
        try {
            alloc.flushThreadCache();
        } catch (RuntimeException e) {
            violations.add("flush after fault failed: " + e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private BufferBlock malloc(CachingAllocator alloc, long size, Usage usage, MpsStream stream, OpLog.Writer w) {
        if (w != null) {
            w.invoke(OpLog.Fn.MALLOC, size, usage.ordinal(), stream.index());
        }
        BufferBlock b = alloc.malloc(size, usage);
        ops.incrementAndGet();
        if (w != null) {
            w.ok(OpLog.Fn.MALLOC, b.id(), b.size(), b.pool().ordinal());
        }
        return b;
    }

    private void freeLogged(CachingAllocator alloc, BufferBlock b, OpLog.Writer w) {
        if (w != null) {
            w.invoke(OpLog.Fn.FREE, b.id(), b.size(), b.pool().ordinal());
        }
        alloc.free(b);
        ops.incrementAndGet();
        if (w != null) {
            w.ok(OpLog.Fn.FREE, 0, 0, 0);
        }
    }

    private void verifyAndFree(int t, MpsStream stream, BufferBlock b, byte tag, List<PendingCheck> checks,
                               OpLog.Writer w, String where) {
        PatternCheck pc = new PatternCheck();
        stream.verify(b.buffer(), 0, b.requestedSize(), tag, pc);
        checks.add(new PendingCheck(pc, b.id(), tag, t, where));
        if (b.stream() != stream) {
            // allocated on the thread's previous stream (before a slot churn): declare the use on this one, as
            // recordStream does, or the block could be reused on its home stream before this verify runs
            rt.allocator().recordEvents(List.of(b), stream);
        }
        freeLogged(rt.allocator(), b, w);
    }

    private static MpsStream peerStream(StreamPool pool, int self, SplittableRandom rng) {
        int start = 1 + rng.nextInt(StreamPool.NUM_STREAMS - 1);
        for (int k = 0; k < StreamPool.NUM_STREAMS - 1; k++) {
            int s = 1 + (start - 1 + k) % (StreamPool.NUM_STREAMS - 1);
            if (s != self && pool.ownerOf(s) != null) {
                MpsStream peer = pool.peekStream(s);
                if (peer != null) {
                    return peer;
                }
            }
        }
        return null;
    }

    private void evaluateDone(List<PendingCheck> checks) {
        checks.removeIf(pc -> {
            if (!pc.check().done()) {
                return false;
            }
            evaluate(pc);
            return true;
        });
    }

    private void evaluate(PendingCheck pc) {
        PatternCheck c = pc.check();
        if (!c.done()) {
            violations.add("pattern check of buffer #" + pc.blockId() + " (" + pc.where() + ") never ran");
        } else if (c.mismatches() > 0) {
            violations.add(String.format("corrupted pattern in buffer #%d (%s, worker %d): expected 0x%02x, "
                            + "found 0x%02x at offset %d, %d bytes differ", pc.blockId(), pc.where(), pc.thread(),
                    pc.tag() & 0xFF, c.firstBadValue(), c.firstBadOffset(), c.mismatches()));
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
