package org.mpsharness.core.alloc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique ids without a global lock and without a shared counter per id (invariant 5): each thread takes a block of
 * {@value #BLOCK} ids from one atomic counter and hands them out locally. Ids are unique, not dense or ordered.
 */
final class IdBlocks {
    static final long BLOCK = 1024;

    private final AtomicLong next = new AtomicLong(1);
    private final ThreadLocal<long[]> range = ThreadLocal.withInitial(() -> new long[] {0, 0});

    long next() {
        long[] r = range.get();
        if (r[0] == r[1]) {
            // Only uniqueness matters, so relaxed would do, but Java has no relaxed read-modify-write and the port
            // runs what was checked; once per 1,024 ids. C++: fetch_add(seq_cst)
            long start = next.getAndAdd(BLOCK);
            r[0] = start;
            r[1] = start + BLOCK;
        }
        return r[0]++;
    }
}
