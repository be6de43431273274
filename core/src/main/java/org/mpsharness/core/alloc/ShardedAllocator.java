package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * Improved design of improvement 1: a lock per pool ({@link PoolShard}), a per-thread cache of free blocks in front of
 * them ({@link ThreadCache}), statistics striped per thread ({@link ThreadStats}) and ids from blocks of ranges
 * ({@link IdBlocks}). No global lock anywhere.
 *
 * <p>Hot path — malloc served from, or free returned to, the calling thread's cache: no lock, no write to any shared
 * counter, no native call (the size rounding is memoised). It is taken when the block's stream is the thread's current
 * stream and no event of another stream is pending on it, which is the common case of a worker that owns its stream.
 *
 * <p>Invariants and where they are kept: (1) one place per block — state CAS in {@link BufferBlock}, a cache is touched
 * only by its owner; (2) no reuse before the GPU finished — same-stream reuse from the cache, fences when blocks leave
 * it, events for other streams; (3) releasing cached memory syncs every created stream first, outside all locks;
 * (4) stats — per-thread monotonic counters summed frees-first; (5) ids — {@link IdBlocks}; (9) no waits under any
 * allocator lock, shards taken one at a time or in ordinal order.
 *
 * <p>Thread end: Java has no thread-local destructors. Caches are registered; a cache whose thread is no longer alive is
 * reclaimed exactly once (CAS) and flushed by the next {@link #emptyCache}, out-of-memory ladder, or
 * {@link #reclaimDeadThreadCaches()}. A live thread flushes its own with {@link #flushThreadCache()}.
 */
public class ShardedAllocator extends HeapAllocatorBase {
    private final EnumMap<PoolKind, PoolShard> shards = new EnumMap<>(PoolKind.class);
    private final EnumMap<PoolKind, BufferPool> poolViews = new EnumMap<>(PoolKind.class);
    private final AtomicLong totalHeapBytes = new AtomicLong();
    private final ConcurrentLinkedQueue<ThreadCache> caches = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ThreadStats> stripes = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ThreadCache> cache = ThreadLocal.withInitial(this::newCache);

    public ShardedAllocator(StreamPool streams, AllocatorConfig config) {
        super("improved", streams, config);
        IdBlocks bufferIds = new IdBlocks();
        IdBlocks heapIds = new IdBlocks();
        IdBlocks eventIds = new IdBlocks();
        initEventPool(eventIds::next);
        for (PoolKind k : PoolKind.values()) {
            PoolShard s = new PoolShard(k, device, this, bufferIds, heapIds, totalHeapBytes);
            shards.put(k, s);
            poolViews.put(k, s.pool);
        }
    }

    private ThreadCache newCache() {
        ThreadCache c = new ThreadCache(Thread.currentThread(), config.threadCacheBlocks(),
                config.threadCacheBytes(), config.threadCacheMaxBlock());
        caches.add(c);
        stripes.add(c.stats);
        return c;
    }

    boolean highLimited() {
        return maxTotalAllowed != Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ malloc / free

    @Override
    public BufferBlock malloc(long size, Usage usage) {
        MpsStream stream = streams.getCurrentStream();
        ThreadCache tc = cache.get();
        if (tc.stream != stream) {
            rebind(tc, stream);
        }
        if (size > 0 && size < device.maxBufferLength()) {
            int mode = usage == Usage.PRIVATE ? 0 : 1;
            long aligned = tc.rounded(size, mode);
            if (aligned == 0) {
                aligned = allocationSize(size, mode == 0 ? StorageMode.PRIVATE : StorageMode.SHARED);
                tc.remember(size, mode, aligned);
            }
            PoolKind kind = AllocSizes.poolFor(size, aligned, usage, device.hasUnifiedMemory());
            BufferBlock b = tc.take(kind, aligned);
            if (b != null) { // hot path
                hand(b, size, stream);
                tc.stats.malloc(kind, b.size, true);
                return b;
            }
        }
        AllocParams p = params(size, usage, stream, poolViews);
        BufferBlock b = slowMalloc(p, tc);
        hand(b, size, stream);
        tc.stats.malloc(p.pool.kind, b.size, false);
        return b;
    }

    /**
     * Invariant 2, the reuse rule: may a malloc on {@code stream} take the free block {@code b} from a shared pool?
     * (A named step so that the seeded-bug catalog can break it.)
     */
    protected boolean reusable(BufferBlock b, MpsStream stream) {
        return b.reusableOn(stream);
    }

    /** Must the freed block wait for events recorded on other streams? (A named step, as {@link #reusable}.) */
    protected boolean waitsForEvents(BufferBlock b) {
        return b.events != null;
    }

    private static void hand(BufferBlock b, long requested, MpsStream stream) {
        b.require(BufferBlock.FREE, BufferBlock.IN_USE, "malloc");
        b.requestedSize = requested;
        b.useCount++;
        if (b.stream != stream) {
            b.stream = stream; // a reference store only when it changes (see ThreadCache.take)
        }
        b.fence = 0;
    }

    /** The out-of-memory ladder: shared pool, new heap, caches flushed, idle buffers released, everything synced. */
    private BufferBlock slowMalloc(AllocParams p, ThreadCache tc) {
        PoolShard shard = shards.get(p.pool.kind);
        BufferBlock b = shard.allocate(p, true);
        if (b == null) {
            flush(tc, tc.drainAll());
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
            throw outOfMemory(p, stats(), totalHeapBytes.get());
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
        if (!waits && b.stream == tc.stream && tc.isActive()) {
            b.require(BufferBlock.IN_USE, BufferBlock.FREE, "free");
            if (!tc.offer(b)) {
                flush(tc, tc.evictHalf(b.pool, b.size));
                if (!tc.offer(b)) {
                    tc.stats.free(b.pool, b.size, false);
                    toShared(List.of(b));
                    return;
                }
            }
            tc.stats.free(b.pool, b.size, true); // hot path
            return;
        }
        b.require(BufferBlock.IN_USE, waits ? BufferBlock.PENDING : BufferBlock.FREE, "free");
        tc.stats.free(b.pool, b.size, false);
        toShared(List.of(b));
    }

    /** Blocks leaving a thread: each gets a fence of its stream (taken before any pool lock), then its pool. */
    private void toShared(List<BufferBlock> blocks) {
        EnumMap<PoolKind, List<BufferBlock>> byPool = new EnumMap<>(PoolKind.class);
        MpsStream last = null;
        long fence = 0;
        for (BufferBlock b : blocks) {
            if (b.stream != last) {
                last = b.stream;
                fence = last.fenceValue();
            }
            b.fence = fence;
            byPool.computeIfAbsent(b.pool, k -> new ArrayList<>()).add(b);
        }
        byPool.forEach((k, list) -> shards.get(k).putBack(list)); // ordinal order, one shard at a time
    }

    private void flush(ThreadCache tc, List<BufferBlock> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        for (BufferBlock b : blocks) {
            tc.stats.flushed(b.pool, b.size);
        }
        toShared(blocks);
    }

    private void rebind(ThreadCache tc, MpsStream stream) {
        flush(tc, tc.drainAll());
        tc.stream = stream;
    }

    @Override
    public boolean recordEvents(List<BufferBlock> blocks, MpsStream stream) {
        boolean recorded = false;
        for (BufferBlock b : blocks) {
            if (b.state() != BufferBlock.IN_USE || b.stream == stream) {
                continue;
            }
            PoolShard shard = shards.get(b.pool);
            shard.lock.lock(); // serialises records of one block; the stream mutex nests inside (documented order)
            try {
                b.eventFor(stream, eventPool).record(stream);
                recorded = true;
            } finally {
                shard.lock.unlock();
            }
        }
        return recorded;
    }

    // ------------------------------------------------------------------ caches and cached memory

    @Override
    public void flushThreadCache() {
        ThreadCache tc = cache.get();
        flush(tc, tc.drainAll());
    }

    /** Flushes the caches of threads that are no longer alive; returns how many caches were reclaimed. */
    public int reclaimDeadThreadCaches() {
        int n = 0;
        for (Iterator<ThreadCache> it = caches.iterator(); it.hasNext(); ) {
            ThreadCache c = it.next();
            if (!c.owner.isAlive() && c.reclaim()) {
                flush(c, c.drainAll());
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Invariant 3: sync every created stream (no lock held), then release idle buffers pool by pool. */
    private void releaseCachedBuffers() {
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = streams.peekStream(i);
            if (s != null) {
                s.synchronize(SyncType.COMMIT_AND_WAIT);
            }
        }
        for (PoolShard shard : shards.values()) {
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
        for (PoolShard shard : shards.values()) {
            shard.processPending();
        }
    }

    // ------------------------------------------------------------------ statistics

    @Override
    public long getCurrentAllocatedMemory() {
        long frees = 0;
        for (ThreadStats s : stripes) { // frees first: see ThreadStats
            for (PoolKind k : PoolKind.values()) {
                frees += s.get(k, ThreadStats.FREE);
            }
        }
        long mallocs = 0;
        for (ThreadStats s : stripes) {
            for (PoolKind k : PoolKind.values()) {
                mallocs += s.get(k, ThreadStats.MALLOC);
            }
        }
        return mallocs - frees;
    }

    @Override
    public long getTotalAllocatedMemory() {
        return totalHeapBytes.get();
    }

    /** Bytes of kind {@code k} held in thread caches (outs read before ins, as frees before mallocs). */
    private long cachedInThreads(PoolKind k) {
        long out = 0;
        for (ThreadStats s : stripes) {
            out += s.get(k, ThreadStats.CACHE_OUT);
        }
        long in = 0;
        for (ThreadStats s : stripes) {
            in += s.get(k, ThreadStats.CACHE_IN);
        }
        return in - out;
    }

    @Override
    public AllocatorStats stats() {
        List<AllocatorStats.PoolStats> list = new ArrayList<>();
        for (PoolKind k : PoolKind.values()) {
            list.add(shards.get(k).stats(cachedInThreads(k)));
        }
        return new AllocatorStats(design(), getCurrentAllocatedMemory(), totalHeapBytes.get(), list);
    }

    @Override
    public void close() {
        emptyCache();
        freeInactiveBuffers();
        releaseCachedBuffers();
        eventPool.close();
    }
}
