package org.mpsharness.model.mutants;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.pool.IndexLookup;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug: the baseline pool's setCurrentStream scan with an unsynchronised one-entry memo in front of it — the
 * "skip the 32-slot scan under the mutex if we just looked this stream up" shortcut.
 *
 * <p><b>Operator:</b> remove synchronisation around a multi-field update (the memo's stream and index are two volatile
 * fields; each access is atomic, the pair is not: the key is written before the scan, the value after it). While one
 * thread scans for its stream, another thread can store its own pair and then hit on it — and read the first thread's
 * index when that thread's scan ends in between: the memo pairs one thread's stream with the other's slot.
 *
 * <p><b>Breaks:</b> invariant 7 (the index stored for setCurrentStream equals the slot the stream was created for): the
 * thread's current stream becomes another thread's stream — two threads encoding on one queue.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenMemoIndexPoolTwoStreams} (a thread's current slot is the other thread's).
 */
public final class MemoIndexLookup implements IndexLookup {
    private volatile MpsStream memoStream;
    private volatile int memoIndex;

    public MemoIndexLookup() {
        // one memo per pool: a lookup instance serves one pool
    }

    @Override
    public int indexOf(MpsStream stream, OncePerSlot<MpsStream> streams) {
        if (memoStream == stream) {
            return memoIndex; // MUTATION: a hit trusts a pair that another thread may be half-way through writing
        }
        memoStream = stream; // the key is claimed first ...
        int idx = streams.indexOf(stream); // ... the baseline's scan under the creation mutex ...
        memoIndex = idx; // ... and the value stored last
        return idx;
    }
}
