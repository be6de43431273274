package org.mpsharness.core.lock;

/**
 * The levels of the one lock hierarchy that every design in this project obeys (invariant 9 of runtime-facts.md).
 *
 * <p>Why a hierarchy: the native runtime takes these mutexes from many entry points (stream creation, slot freelist,
 * allocator, event pool, per-stream command-buffer state, the global Metal encoding mutex). A deadlock needs a cycle in
 * the "held while acquiring" graph; acquiring only in increasing level order makes a cycle impossible. The order is the
 * one the fork documents: stream creation &rarr; pool &rarr; (commit gate wait) &rarr; allocator / event pool &rarr; stream
 * &rarr; encoding.
 *
 * <p>Several locks may share a level (the allocator's per-pool shards, the per-slot creation locks, the per-stream
 * mutexes); among those the {@link OrderedLock#rank() rank} decides, so that "all shards in ordinal order" stays legal
 * and "shard 3 then shard 1" does not.
 */
public enum LockLevel {
    /** {@code stream_creation_mutex_} and the per-slot once-flags of improvement 4. */
    STREAM_CREATION(10),
    /** The slot freelist mutex ({@code slot_mutex_}) and other pool-wide state. */
    POOL(20),
    /**
     * Not a mutex: the commit gate's wait ({@code AdaptiveCommitGate.activate} waits while another stream's
     * commit-and-continue or a revocation runs, and a revocation takes that stream's mutex). A thread may wait there
     * only while every lock it holds is below this level (checked by {@link LockOrderChecker#beforeWait}), so a
     * wait under an allocator lock or a stream mutex is reported even when it happens not to block.
     */
    GATE(25),
    /** The allocator mutex {@code m_mutex}, or one shard of it in the improved design. */
    ALLOCATOR(30),
    /** The event pool mutex: taken inside the allocator (recordEvents acquires events). */
    EVENT_POOL(35),
    /** A stream's {@code _streamMutex}: command-buffer state of one stream. */
    STREAM(40),
    /** The global Metal encoding mutex. */
    ENCODING(50);

    private final int order;

    LockLevel(int order) {
        this.order = order;
    }

    /** Numeric order: a lock may be acquired only while every held lock has a smaller key. */
    public int order() {
        return order;
    }
}
