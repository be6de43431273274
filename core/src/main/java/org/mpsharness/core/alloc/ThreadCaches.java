package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * The improved allocator's registry of thread caches, which is also its statistics: every registered cache is a
 * stripe of the counters (see {@link ThreadCache}), and the stripes of reclaimed caches are folded into retired
 * totals, so that the registry stays as long as the number of live threads (thread churn must not grow every sum).
 *
 * <p><b>Reading without a lock, folding without a double count.</b> A reader sums the free-side counters of every
 * stripe first and the malloc-side ones afterwards (each with acquire loads): a free it sees was published after the
 * malloc of the same block, so it sees that malloc too, and Σ mallocs − Σ frees is never negative. A fold moves a
 * stripe's totals into the retired totals and unlinks the stripe; a reader that saw part of it would count the stripe
 * twice or not at all. So a fold is a seqlock write: under {@link #foldLock} (folders only; readers never take it) the
 * version goes odd, the retired totals grow (release stores) and the stripe is unlinked (a CAS in the queue, release),
 * and the version goes even (release store). A reader reads the version (acquire), sums (acquire loads), reads it again
 * and retries while it was odd or has changed. Why that is enough: every store of the fold that a reader may see is a
 * release store made after the odd version, so a reader that saw any of them sees the odd (or a later) version on its
 * second read, which its acquire loads keep after the sums; a reader that saw the even version of a finished fold sees
 * all of it. C++: {@code version.store(v + 1, relaxed)}, the fold's stores {@code store(release)}, {@code
 * version.store(v + 2, release)}; readers {@code load(acquire)} throughout. Folds are rare (a thread's end), so readers
 * retry rarely and writers on the hot path never wait.
 */
final class ThreadCaches implements Iterable<ThreadCache> {
    /** Registrations between two sweeps for dead threads' caches (amortised: the sweep is O(registered)). */
    static final int SWEEP_EVERY = 16;
    private static final VarHandle VERSION;
    private static final VarHandle RETIRED_MALLOCS;
    private static final VarHandle RETIRED_FREES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VERSION = l.findVarHandle(ThreadCaches.class, "version", long.class);
            RETIRED_MALLOCS = l.findVarHandle(ThreadCaches.class, "retiredMallocs", long.class);
            RETIRED_FREES = l.findVarHandle(ThreadCaches.class, "retiredFrees", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<ThreadCache> caches = new ConcurrentLinkedQueue<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger registered = new AtomicInteger();
    /** Serialises folds (seqlock writers); rank after every pool shard, never held with another allocator lock. */
    private final OrderedLock foldLock = new OrderedLock("allocator.retired_stats", LockLevel.ALLOCATOR, 100);
    @SuppressWarnings("unused") // through VERSION
    private volatile long version;
    @SuppressWarnings("unused") // through RETIRED_MALLOCS
    private long retiredMallocs;
    @SuppressWarnings("unused") // through RETIRED_FREES
    private long retiredFrees;

    /** Registers a new thread's cache; true when the caller should sweep for dead threads' caches now. */
    boolean register(ThreadCache c) {
        caches.add(c);
        registered.incrementAndGet(); // C++: fetch_add(seq_cst); a size hint
        return registrations.incrementAndGet() % SWEEP_EVERY == 0; // C++: fetch_add(seq_cst)
    }

    /** Caches registered and not retired (the statistics stripes a reader sums). */
    int size() {
        return registered.get(); // C++: load(seq_cst)
    }

    @Override
    public Iterator<ThreadCache> iterator() {
        return caches.iterator();
    }

    /**
     * Folds a reclaimed (and flushed) cache: {@code mallocs} and {@code frees} join the retired totals and the cache
     * leaves the registry, as one step for readers. The caller owns the cache (its reclaim CAS succeeded).
     */
    void retire(ThreadCache c, long mallocs, long frees) {
        foldLock.lock();
        try {
            long v = (long) VERSION.getOpaque(this); // C++: load(relaxed): folders are serialised by foldLock
            VERSION.setOpaque(this, v + 1); // odd: a fold is in progress. C++: store(relaxed); the stores below release
            long m = (long) RETIRED_MALLOCS.getOpaque(this); // C++: load(relaxed), the writer's own total
            long f = (long) RETIRED_FREES.getOpaque(this); // C++: load(relaxed), the writer's own total
            RETIRED_MALLOCS.setRelease(this, m + mallocs); // C++: store(release)
            RETIRED_FREES.setRelease(this, f + frees); // C++: store(release)
            // Unlinking CASes the queue's nodes: sequentially consistent in Java (C++: compare_exchange(seq_cst)).
            if (caches.remove(c)) {
                registered.decrementAndGet(); // C++: fetch_sub(seq_cst)
            }
            VERSION.setRelease(this, v + 2); // even: done (C++: store(release))
        } finally {
            foldLock.unlock();
        }
    }

    /** Σ over stripes of the free-side counter, retired ones included (acquire loads). */
    long sumFrees() {
        long n = (long) RETIRED_FREES.getAcquire(this); // C++: load(acquire)
        for (ThreadCache c : caches) {
            n += c.freeBytes();
        }
        return n;
    }

    /** Σ over stripes of the malloc-side counter, retired ones included (acquire loads). */
    long sumMallocs() {
        long n = (long) RETIRED_MALLOCS.getAcquire(this); // C++: load(acquire)
        for (ThreadCache c : caches) {
            n += c.mallocBytes();
        }
        return n;
    }

    /** Bytes of pool {@code kind} in live threads' caches (a reclaimed cache is empty before it is retired). */
    long cachedBytes(int kind) {
        long n = 0;
        for (ThreadCache c : caches) {
            n += c.cachedBytes(kind);
        }
        return n;
    }

    /**
     * Runs {@code sums} until no fold overlapped it (the seqlock read): its result then counts every stripe exactly
     * once. Retries only while a thread's cache is being retired.
     */
    long read(LongSupplier sums) {
        while (true) {
            long v = (long) VERSION.getAcquire(this); // C++: load(acquire)
            if ((v & 1) == 0) {
                long r = sums.getAsLong();
                if ((long) VERSION.getAcquire(this) == v) { // C++: load(acquire)
                    return r;
                }
            }
            Thread.onSpinWait();
        }
    }
}
