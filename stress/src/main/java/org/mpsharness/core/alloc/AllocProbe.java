package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.List;
import java.util.Queue;

/**
 * Test-side accessor (stress module) into the improved allocator's package, and the home of the allocator's weakened
 * variants used as jcstress negative controls. It lives in core's package on the class path (a split package, no
 * module system), so it can reach the package-private parts (shards, thread caches, stats stripes, block state)
 * without adding a seam to production; private fields of {@link ShardedAllocator} are read once by reflection.
 *
 * <p>The weakened variants are deliberate near-copies of one production path each, with one mutation, and are used
 * only by the {@code Broken*} jcstress tests of {@code org.mpsharness.stress.alloc}. The allocator's seeded-bug catalog
 * proper belongs to {@code org.mpsharness.model.mutants}; these are the smallest units the jcstress controls need.
 */
public final class AllocProbe {
    private static final VarHandle SHARDS;
    private static final VarHandle CACHE;
    private static final VarHandle STRIPES;
    private static final VarHandle CACHES;
    /** The owner of parked caches: a thread that never runs is not alive, like one that has ended. */
    private static final Thread DEAD = new Thread(() -> { }, "dead-owner");

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(ShardedAllocator.class, MethodHandles.lookup());
            SHARDS = l.findVarHandle(ShardedAllocator.class, "shards", EnumMap.class);
            CACHE = l.findVarHandle(ShardedAllocator.class, "cache", ThreadLocal.class);
            STRIPES = l.findVarHandle(ShardedAllocator.class, "stripes", java.util.concurrent.ConcurrentLinkedQueue.class);
            CACHES = l.findVarHandle(ShardedAllocator.class, "caches", java.util.concurrent.ConcurrentLinkedQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private AllocProbe() {
    }

    @SuppressWarnings("unchecked")
    private static EnumMap<PoolKind, PoolShard> shards(ShardedAllocator a) {
        return (EnumMap<PoolKind, PoolShard>) SHARDS.get(a);
    }

    @SuppressWarnings("unchecked")
    private static ThreadCache cache(ShardedAllocator a) {
        return ((ThreadLocal<ThreadCache>) CACHE.get(a)).get();
    }

    @SuppressWarnings("unchecked")
    private static Queue<ThreadStats> stripes(ShardedAllocator a) {
        return (Queue<ThreadStats>) STRIPES.get(a);
    }

    /**
     * Weakened free, shared path (near-copy of {@link ShardedAllocator#free}'s non-cached branch). <b>Mutation:</b> the
     * block is put back into its shard's free set <em>before</em> it is prepared for reuse (its statistics, its fence)
     * and before its state changes IN_USE&rarr;FREE: the publication shifted above the rest of the free. A malloc on
     * another thread can take it while it is still in use: its hand-off CAS then fails (an exception in malloc) or the
     * block ends up free and in no pool. Breaks invariant 1.
     */
    public static void freePublishFirst(ShardedAllocator a, BufferBlock b) {
        shards(a).get(b.pool).putBack(List.of(b)); // MUTATION: production prepares the block and changes its state first
        ThreadCache tc = cache(a);
        tc.stats.free(b.pool, b.size, false);
        b.fence = b.stream.fenceValue();
        b.require(BufferBlock.IN_USE, BufferBlock.FREE, "free");
    }

    @SuppressWarnings("unchecked")
    private static Queue<ThreadCache> caches(ShardedAllocator a) {
        return (Queue<ThreadCache>) CACHES.get(a);
    }

    /**
     * Frees {@code b} (in use, malloc'd on this allocator) into the thread cache of a thread that has ended, exactly as
     * that thread's own hot-path free would have (state, cache, statistics), and registers the cache as the
     * allocator does for every thread. The next reclaim of dead threads' caches must flush it exactly once.
     */
    public static void parkInDeadThreadCache(ShardedAllocator a, BufferBlock b) {
        ThreadCache c = new ThreadCache(DEAD, 8, 512L << 20, 32L << 20);
        c.stream = b.stream;
        b.require(BufferBlock.IN_USE, BufferBlock.FREE, "free");
        if (!c.offer(b)) {
            throw new IllegalStateException("test block does not fit a thread cache: " + b);
        }
        c.stats.free(b.pool, b.size, true);
        caches(a).add(c);
        stripes(a).add(c.stats);
    }

    /**
     * Weakened reclaim of dead threads' caches (near-copy of {@link ShardedAllocator#reclaimDeadThreadCaches}).
     * <b>Mutation:</b> CAS &rarr; check-then-act: a reclaimer checks that the cache is still active instead of taking
     * it over by CAS ACTIVE&rarr;RECLAIMED, so two reclaimers can both drain and flush one cache (the cache is not
     * thread-safe: it belongs to one thread at a time). Breaks invariant 1 (a block in two places, or flushed twice).
     */
    public static int reclaimDeadThreadCachesCheckThenAct(ShardedAllocator a) {
        int n = 0;
        EnumMap<PoolKind, PoolShard> shards = shards(a);
        for (java.util.Iterator<ThreadCache> it = caches(a).iterator(); it.hasNext(); ) {
            ThreadCache c = it.next();
            if (!c.owner.isAlive() && c.isActive()) { // MUTATION: production: c.reclaim() (CAS)
                List<BufferBlock> blocks = c.drainAll();
                for (BufferBlock b : blocks) {
                    c.stats.flushed(b.pool, b.size);
                    b.fence = b.stream.fenceValue();
                    shards.get(b.pool).putBack(List.of(b));
                }
                it.remove();
                n++;
            }
        }
        return n;
    }

    /**
     * Registers {@code n} idle statistics stripes, as left by {@code n} threads that used the allocator before (a
     * server's thread pool). Readers sum every stripe, so this is the realistic shape of a read, and it gives a reader
     * the length that a real process gives it.
     */
    public static void addIdleStripes(ShardedAllocator a, int n) {
        Queue<ThreadStats> q = stripes(a);
        for (int i = 0; i < n; i++) {
            q.add(new ThreadStats());
        }
    }

    /**
     * Weakened flushThreadCache (near-copy of {@link ShardedAllocator#flushThreadCache}). <b>Mutation:</b> the blocks
     * are published to the shared pools but stay in the thread's cache too (the drain is undone: a flush that copies
     * instead of moving). The owner's next malloc takes the block from its cache while another thread may take it from
     * the shared pool: one block, two owners, or a failed hand-off. Breaks invariant 1.
     */
    public static void flushLeaky(ShardedAllocator a) {
        ThreadCache tc = cache(a);
        List<BufferBlock> blocks = tc.drainAll();
        for (BufferBlock b : blocks) {
            tc.offer(b); // MUTATION: production leaves the cache empty
            tc.stats.flushed(b.pool, b.size);
        }
        long fence = 0;
        for (BufferBlock b : blocks) {
            if (fence == 0) {
                fence = b.stream.fenceValue();
            }
            b.fence = fence;
        }
        EnumMap<PoolKind, PoolShard> shards = shards(a);
        for (BufferBlock b : blocks) {
            shards.get(b.pool).putBack(List.of(b));
        }
    }

    /**
     * Weakened statistics reader (near-copy of {@link ShardedAllocator#getCurrentAllocatedMemory}). <b>Mutation:</b>
     * the malloc-side counters are summed <em>before</em> the free-side ones (swap two ordered reads). A malloc and
     * free that both complete between the two sums are seen as a free without its malloc: a negative figure.
     * Breaks invariant 4 ("never negative").
     */
    public static long currentAllocatedMallocsFirst(ShardedAllocator a) {
        long mallocs = 0;
        for (ThreadStats s : stripes(a)) {
            for (PoolKind k : PoolKind.values()) {
                mallocs += s.get(k, ThreadStats.MALLOC);
            }
        }
        long frees = 0;
        for (ThreadStats s : stripes(a)) {
            for (PoolKind k : PoolKind.values()) {
                frees += s.get(k, ThreadStats.FREE);
            }
        }
        return mallocs - frees;
    }
}
