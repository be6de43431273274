package org.mpsharness.model.lincheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.stream.MpsStream;

/**
 * The allocator subject's own bookkeeping, kept apart from the design under test: which logical thread holds which
 * block, the owner tag each allocation wrote, and every stream that used a block with the fence that covers the use.
 * Model checking runs its methods atomically (it is environment, like the simulated device); they are synchronized for
 * stress mode, where real threads call them.
 *
 * <p>The reuse oracle ({@link #checkHandedTo}) is invariant 2 itself, independent of the order in which the simulated
 * GPU happens to run queues: a block handed out for use on stream S must have no unfinished use on any other stream.
 */
final class AllocatorLedger {
    /** One use of a block: the stream and the fence value that covers it there. */
    private record Use(MpsStream stream, long fence) {
    }

    /**
     * What the ledger knows of one block. Kept in a list searched by identity, not in a hash map: model checking
     * replaces identity hash codes with its own deterministic ones, so a block hashed before tracking started (in the
     * subject's constructor) would not be found again during it.
     */
    private static final class Entry {
        final BufferBlock block;
        byte tag;
        final List<Use> uses = new ArrayList<>();

        Entry(BufferBlock block) {
            this.block = block;
        }
    }

    /** One holding of a block by a logical thread; a new one (new generation) at every push. */
    private record Holding(BufferBlock block, long gen) {
    }

    private final List<ArrayDeque<Holding>> held = new ArrayList<>();
    private long gen;
    private final List<Entry> entries = new ArrayList<>();
    private final int[] seq;

    AllocatorLedger(int threads) {
        for (int t = 0; t < threads; t++) {
            held.add(new ArrayDeque<>());
        }
        seq = new int[threads];
    }

    /**
     * Invariant 2 at hand-out: throws when {@code b}, just returned by malloc on {@code s}, still has a use on another
     * stream that the GPU has not finished (same-stream uses run before anything encoded later on {@code s}).
     */
    synchronized void checkHandedTo(BufferBlock b, MpsStream s) {
        Entry e = find(b);
        if (e == null) {
            return;
        }
        List<Use> us = e.uses;
        for (Use u : us) {
            if (u.stream() != s && !u.stream().fenceCompleted(u.fence())) {
                throw new IllegalStateException(b + " handed out on " + s + " while " + u.stream()
                        + " still uses it (fence " + u.fence() + " not completed): reuse before the GPU finished");
            }
        }
        for (int i = us.size() - 1; i >= 0; i--) {
            if (us.get(i).stream() == s || us.get(i).stream().fenceCompleted(us.get(i).fence())) {
                us.remove(i);
            }
        }
    }

    private Entry find(BufferBlock b) {
        for (Entry e : entries) {
            if (e.block == b) {
                return e;
            }
        }
        return null;
    }

    private Entry entry(BufferBlock b) {
        Entry e = find(b);
        if (e == null) {
            e = new Entry(b);
            entries.add(e);
        }
        return e;
    }

    /** A fresh owner tag for a new allocation by logical thread {@code tid} (distinct from its last 15). */
    synchronized byte newTag(int tid, BufferBlock b) {
        byte tag = (byte) (0x80 | (tid & 7) << 4 | (seq[tid]++ & 0xF));
        entry(b).tag = tag;
        return tag;
    }

    /** {@code tid} holds {@code b}, which no GPU work has written (fresh device memory reads as tag 0). */
    synchronized void adopt(int tid, BufferBlock b) {
        entry(b).tag = 0;
        push(tid, b);
    }

    synchronized byte tagOf(BufferBlock b) {
        return find(b).tag;
    }

    /** Work encoded on {@code s} so far uses {@code b} ({@code fence} = s.fenceValue() after encoding it). */
    synchronized void used(BufferBlock b, MpsStream s, long fence) {
        entry(b).uses.add(new Use(s, fence));
    }

    synchronized void push(int tid, BufferBlock b) {
        held.get(tid).push(new Holding(b, ++gen));
    }

    synchronized BufferBlock pop(int tid) {
        Holding h = held.get(tid).poll();
        return h == null ? null : h.block();
    }

    synchronized BufferBlock peek(int tid) {
        Holding h = held.get(tid).peek();
        return h == null ? null : h.block();
    }

    /** The holdings now (for {@link #heldThroughout}). */
    synchronized List<Object> holdings() {
        List<Object> l = new ArrayList<>();
        for (ArrayDeque<Holding> d : held) {
            l.addAll(d);
        }
        return l;
    }

    /**
     * Bytes of the blocks held, by the same holding, both at {@code before} and now: a lower bound of the bytes in use
     * at every instant in between (a holding starts after its malloc returned and ends before its free is called).
     */
    synchronized long heldThroughout(List<Object> before) {
        long n = 0;
        for (ArrayDeque<Holding> d : held) {
            for (Holding h : d) {
                for (Object o : before) {
                    if (o == h) {
                        n += h.block().size();
                    }
                }
            }
        }
        return n;
    }

    /** Every held block once; throws when a block is held twice (invariant 1). */
    synchronized List<BufferBlock> heldBlocks() {
        List<BufferBlock> all = new ArrayList<>();
        for (int t = 0; t < held.size(); t++) {
            for (Holding h : held.get(t)) {
                BufferBlock b = h.block();
                for (int u = 0; u < all.size(); u++) {
                    if (all.get(u) == b) {
                        throw new IllegalStateException(b + " held twice (thread " + t + " and another)");
                    }
                }
                all.add(b);
            }
        }
        return all;
    }
}
