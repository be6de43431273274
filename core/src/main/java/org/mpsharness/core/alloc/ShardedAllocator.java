package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * Improved design of improvement 1: a lock per pool ({@link PoolShard}), a per-thread cache of free blocks in front
 * of them ({@link ThreadCache}, which also holds the thread's statistics stripe), statistics summed over the
 * registered caches ({@link ThreadCaches}) and ids from blocks of ranges ({@link IdBlocks}). No global lock.
 *
 * <p>Hot path — malloc served from, or free returned to, the calling thread's cache: one thread-local lookup, no lock,
 * no CAS, no write to any shared counter, no native call and no allocation (size rounding and pool choice are memoised
 * in the cache). It is taken when the block's stream is the thread's current stream and no event of another stream is
 * pending on it, which is the common case of a worker that owns its stream.
 *
 * <p>Invariants and where they are kept: (1) one place per block — state CAS in {@link BufferBlock}, a cache is
 * touched only by its owner; (2) no reuse before the GPU finished — same-stream reuse from the cache, fences when
 * blocks leave it, events for other streams; (3) releasing cached memory syncs every created stream first, unlocked;
 * (4) stats — per-thread monotonic counters summed frees-first, dead threads' stripes folded under a seqlock;
 * (5) ids — {@link IdBlocks}; (9) no waits under any allocator lock (an event is reserved under its block's lock and
 * encoded after it), shards taken one at a time.
 *
 * <p>Thread end: Java has no thread-local destructors. A cache whose thread is no longer alive is reclaimed exactly
 * once (CAS), flushed, and its statistics folded, by the next {@link #emptyCache}, out-of-memory ladder,
 * {@link #reclaimDeadThreadCaches()}, or every {@value ThreadCaches#SWEEP_EVERY}th new thread (so the registry stays
 * bounded under thread churn). A live thread flushes its own with {@link #flushThreadCache()}.
 *
 * <p>The protected methods are named steps (seams) that the seeded-bug catalog overrides, one defect each.
 */
public class ShardedAllocator extends HeapAllocatorBase {
    private final PoolShard[] shards = new PoolShard[PoolKind.values().length];
    private final EnumMap<PoolKind, BufferPool> poolViews = new EnumMap<>(PoolKind.class);
    private final AtomicLong totalHeapBytes = new AtomicLong();
    private final ThreadCaches caches = new ThreadCaches();
    private final ThreadLocal<ThreadCache> cache = ThreadLocal.withInitial(this::newCache);
    private final LongSupplier currentOnce = this::currentAllocatedOnce;

    public ShardedAllocator(StreamPool streams, AllocatorConfig config) {
        super("improved", streams, config);
        IdBlocks bufferIds = new IdBlocks();
        IdBlocks heapIds = new IdBlocks();
        IdBlocks eventIds = new IdBlocks();
        initEventPool(eventIds::next);
        for (PoolKind k : PoolKind.values()) {
            PoolShard s = new PoolShard(k, device, this, bufferIds, heapIds, totalHeapBytes);
            shards[k.ordinal()] = s;
            poolViews.put(k, s.pool);
        }
    }

    private ThreadCache newCache() {
        ThreadCache c = new ThreadCache(Thread.currentThread(), config.threadCacheBlocks(),
                config.threadCacheBytes(), config.threadCacheMaxBlock());
        if (caches.register(c)) {
            reclaimDeadThreadCaches(); // amortised: the registry (every stats sum) stays as long as the live threads
        }
        return c;
    }

    boolean highLimited() {
        return maxTotalAllowed != Long.MAX_VALUE;
    }

    /** Thread caches registered and not yet retired: the statistics stripes every reader sums. */
    public int registeredThreadCaches() {
        return caches.size();
    }

    // ------------------------------------------------------------------ malloc / free

    @Override
    public BufferBlock malloc(long size, Usage usage) {
        MpsStream stream = streams.getCurrentStream();
        ThreadCache tc = cache.get();
        if (tc.stream != stream) {
            rebind(tc, stream);
        }
        long packed = tc.lookup(size, usage);
        if (packed == 0) {
            packed = classify(tc, size, usage);
        }
        BufferBlock b = tc.take(ThreadCache.binOf(packed), ThreadCache.alignedOf(packed));
        if (b != null) { // hot path
            b.claimOwned();
            hand(b, size, stream);
            tc.countMalloc(b.size);
            return b;
        }
        PoolKind kind = PoolKind.values()[ThreadCache.kindOf(ThreadCache.binOf(packed))];
        AllocParams p = params(size, ThreadCache.alignedOf(packed), kind, stream, poolViews);
        b = slowMalloc(p, tc);
        b.require(BufferBlock.FREE, BufferBlock.IN_USE, "malloc");
        hand(b, size, stream);
        tc.countMalloc(b.size);
        return b;
    }

    /** Validates a request, asks the device for its aligned size and pool once, and memoises both in the cache. */
    private long classify(ThreadCache tc, long size, Usage usage) {
        checkSize(size);
        long aligned = allocationSize(size, usage == Usage.PRIVATE ? StorageMode.PRIVATE : StorageMode.SHARED);
        PoolKind kind = AllocSizes.poolFor(size, aligned, usage, device.hasUnifiedMemory());
        long packed = ThreadCache.pack(aligned, ThreadCache.bin(kind, aligned));
        tc.remember(size, usage, packed);
        return packed;
    }

    private static void hand(BufferBlock b, long requested, MpsStream stream) {
        b.requestedSize = requested;
        b.useCount++;
        if (b.stream != stream) {
            b.stream = stream; // a reference store only when it changes (see ThreadCache.take)
        }
        b.fence = 0;
    }

    /**
     * Invariant 2, the reuse rule: may a malloc on {@code stream} take the free block {@code b} from a shared pool?
     * (A seam, as every protected step of this class.)
     */
    protected boolean reusable(BufferBlock b, MpsStream stream) {
        return b.reusableOn(stream);
    }

    /** Must the freed block wait for events recorded on other streams? */
    protected boolean waitsForEvents(BufferBlock b) {
        return b.events != null;
    }

    /**
     * May the freed block go to the calling thread's cache? Only a block of the cache's stream with no event pending
     * on another stream: everything in the cache is handed out again on that stream without a fence or an event.
     */
    protected boolean mayCache(BufferBlock b, boolean waits, ThreadCache tc) {
        return !waits && b.stream == tc.stream && tc.isActive();
    }

    /** The out-of-memory ladder: shared pool, new heap, caches flushed, idle buffers released, everything synced. */
    private BufferBlock slowMalloc(AllocParams p, ThreadCache tc) {
        PoolShard shard = shards[p.pool.kind.ordinal()];
        BufferBlock b = shard.allocate(p, true);
        if (b == null) {
            flush(tc.drainAll());
            reclaimDeadThreadCaches();
            b = shard.allocate(p, true);
        }
        if (b == null && shard.releaseAvailable(p)) {
            b = shard.allocate(p, true);
        }
        if (b == null) {
            releaseCachedBuffers();
            b = shard.allocate(p, true);
        }
        if (b == null) {
            throw outOfMemory(p, stats(), totalHeapBytes.get()); // C++: load(seq_cst)
        }
        return b;
    }

    @Override
    public void free(BufferBlock b) {
        ThreadCache tc = cache.get();
        boolean waits = waitsForEvents(b);
        if (!waits) {
            b.dropEvents(eventPool); // no-op unless events completed or a variant chose not to wait
        }
        if (mayCache(b, waits, tc)) {
            b.require(BufferBlock.IN_USE, BufferBlock.FREE, "free");
            if (!tc.offer(b)) {
                flush(tc.evictHalf(b.pool, b.size));
                if (!tc.offer(b)) {
                    tc.countFree(b.size);
                    returnToPool(b);
                    return;
                }
            }
            tc.countFree(b.size); // hot path
            return;
        }
        freeShared(b, waits, tc);
    }

    /** The free of a block that does not go to the thread's cache: state, count, then its pool with a fence. */
    protected void freeShared(BufferBlock b, boolean pending, ThreadCache tc) {
        markFreed(b, pending);
        countFree(tc, b);
        returnToPool(b);
    }

    /** IN_USE&rarr;PENDING (events outstanding) or FREE, by CAS: a double free fails here and changes nothing. */
    protected static void markFreed(BufferBlock b, boolean pending) {
        b.require(BufferBlock.IN_USE, pending ? BufferBlock.PENDING : BufferBlock.FREE, "free");
    }

    protected static void countFree(ThreadCache tc, BufferBlock b) {
        tc.countFree(b.size);
    }

    /** One freed block leaves the thread: a fence of its stream (taken before any pool lock), then its pool. */
    protected final void returnToPool(BufferBlock b) {
        b.fence = fenceOf(b.stream);
        shards[b.pool.ordinal()].putBack(b);
    }

    /** The fence a block takes when it leaves a thread: all work encoded on its stream so far. */
    protected long fenceOf(MpsStream stream) {
        return stream.fenceValue();
    }

    /** Blocks leaving a cache: each gets a fence of its stream (taken before any pool lock), then its pool. */
    private void toShared(List<BufferBlock> blocks) {
        MpsStream last = null;
        long fence = 0;
        PoolKind only = blocks.get(0).pool;
        for (BufferBlock b : blocks) {
            if (b.stream != last) {
                last = b.stream;
                fence = fenceOf(last);
            }
            b.fence = fence;
            if (b.pool != only) {
                only = null;
            }
        }
        if (only != null) {
            shards[only.ordinal()].putBack(blocks); // the common case: one pool
            return;
        }
        EnumMap<PoolKind, List<BufferBlock>> byPool = new EnumMap<>(PoolKind.class);
        for (BufferBlock b : blocks) {
            byPool.computeIfAbsent(b.pool, k -> new ArrayList<>()).add(b);
        }
        byPool.forEach((k, list) -> shards[k.ordinal()].putBack(list)); // ordinal order, one shard at a time
    }

    private void flush(List<BufferBlock> blocks) {
        if (!blocks.isEmpty()) {
            toShared(blocks);
        }
    }

    private void rebind(ThreadCache tc, MpsStream stream) {
        flush(tc.drainAll());
        tc.stream = stream;
    }

    // ------------------------------------------------------------------ events

    @Override
    public boolean recordEvents(List<BufferBlock> blocks, MpsStream stream) {
        boolean recorded = false;
        for (BufferBlock b : blocks) {
            if (b.state() != BufferBlock.IN_USE || b.stream == stream) {
                continue;
            }
            recordEvent(b, stream);
            recorded = true;
        }
        return recorded;
    }

    /**
     * Records the use of {@code b} on {@code stream}: the event and its signal value are reserved under the block's
     * pool lock (which serialises the records of one block), and the signal is encoded after the lock is released —
     * entering the default stream activates it in the commit gate, which may wait (invariant 9).
     */
    protected void recordEvent(BufferBlock b, MpsStream stream) {
        EventSignals signals = new EventSignals();
        underPoolLock(b.pool, () -> signals.reserve(b, stream, eventPool));
        signals.encode(stream);
    }

    /** Runs {@code r} holding the lock of pool {@code k} (re-entrant). */
    protected final void underPoolLock(PoolKind k, Runnable r) {
        PoolShard shard = shards[k.ordinal()];
        shard.lock.lock();
        try {
            r.run();
        } finally {
            shard.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ caches and cached memory

    @Override
    public void flushThreadCache() {
        ThreadCache tc = cache.get();
        flush(drain(tc));
    }

    /** Takes every block out of the calling thread's cache, for a flush. */
    protected List<BufferBlock> drain(ThreadCache tc) {
        return tc.drainAll();
    }

    /** Puts {@code b} back into {@code tc} (the owner's own cache) if the bounds allow. */
    protected static boolean keepCached(ThreadCache tc, BufferBlock b) {
        return tc.offer(b);
    }

    /** Flushes the caches of threads that are no longer alive, and retires them; returns how many. */
    public int reclaimDeadThreadCaches() {
        int n = 0;
        for (ThreadCache c : caches) {
            if (!c.owner.isAlive() && claim(c)) {
                flush(c.drainAll());
                retire(c);
                n++;
            }
        }
        return n;
    }

    /** Takes over a dead thread's cache: true for exactly one caller (CAS ACTIVE&rarr;RECLAIMED). */
    protected boolean claim(ThreadCache c) {
        return c.reclaim();
    }

    /** True while nobody has taken the cache over. */
    protected static boolean isActive(ThreadCache c) {
        return c.isActive();
    }

    /** A claimed and flushed cache leaves the registry; its malloc and free totals join the retired totals. */
    protected void retire(ThreadCache c) {
        retire(c, c.mallocBytes(), c.freeBytes());
    }

    /** Removes {@code c} from the registry, adding {@code mallocs} and {@code frees} to the retired totals. */
    protected final void retire(ThreadCache c, long mallocs, long frees) {
        caches.retire(c, mallocs, frees);
    }

    /** Invariant 3: sync every created stream (no lock held), then release idle buffers pool by pool. */
    private void releaseCachedBuffers() {
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = streams.peekStream(i);
            if (s != null) {
                s.synchronize(SyncType.COMMIT_AND_WAIT);
            }
        }
        for (PoolShard shard : shards) {
            shard.processPending();
            shard.releaseAll();
        }
    }

    @Override
    public void emptyCache() {
        flushThreadCache();
        reclaimDeadThreadCaches();
        releaseCachedBuffers();
    }

    @Override
    public void freeInactiveBuffers() {
        for (PoolShard shard : shards) {
            shard.processPending();
        }
    }

    // ------------------------------------------------------------------ statistics

    /** Bytes in use: Σ mallocs − Σ frees over every stripe, as one seqlock read (see {@link ThreadCaches}). */
    @Override
    public long getCurrentAllocatedMemory() {
        return caches.read(currentOnce);
    }

    /** One pass of the reader: the free side first, then the malloc side (see {@link ThreadCaches}). */
    protected long currentAllocatedOnce() {
        long frees = sumFrees();
        long mallocs = sumMallocs();
        return mallocs - frees;
    }

    protected long sumFrees() {
        return caches.sumFrees();
    }

    protected long sumMallocs() {
        return caches.sumMallocs();
    }

    @Override
    public long getTotalAllocatedMemory() {
        return totalHeapBytes.get(); // C++: load(seq_cst)
    }

    @Override
    public AllocatorStats stats() {
        List<AllocatorStats.PoolStats> list = new ArrayList<>();
        for (PoolKind k : PoolKind.values()) {
            list.add(shards[k.ordinal()].stats(caches.cachedBytes(k.ordinal())));
        }
        long heapBytes = totalHeapBytes.get(); // C++: load(seq_cst)
        return new AllocatorStats(design(), getCurrentAllocatedMemory(), heapBytes, list);
    }

    @Override
    public void close() {
        emptyCache(); // flushes this thread's cache, reclaims dead threads' caches, syncs, releases every idle heap
        eventPool.close();
    }
}
