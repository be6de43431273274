package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.stream.MpsStream;

/**
 * One buffer of the allocator (BufferBlock) — what malloc hands out and free takes back.
 *
 * <p>Reuse rule (invariant 2), shared by both designs. A block remembers its <em>home</em> stream (where it was
 * allocated) and, when freed, the home stream's {@linkplain MpsStream#fenceValue() fence}: work on one stream runs in
 * order, so the home stream may reuse it at once; any other stream only after the fence completed. Use on other
 * streams is declared with recordEvents, which attaches an event per foreign stream; such a block stays pending until
 * all its events completed (CUDA's recordStream semantics, MPS's buffers_pending_free).
 *
 * <p>State ({@code IN_USE}, {@code FREE}, {@code PENDING}, {@code RELEASED}) changes only by CAS, so a double free or
 * a free of a released block is detected instead of corrupting two pools (invariant 1). Other mutable fields are
 * guarded by whoever holds the block: its owner while in use, the pool's lock (or the owning thread's cache) while
 * free.
 */
public final class BufferBlock extends BlockFields {
    public static final int FREE = 0;
    public static final int IN_USE = 1;
    public static final int PENDING = 2;
    public static final int RELEASED = 3;

    /** Free-set order: size, then address (MPS's BufferBlock::Comparator). */
    static final Comparator<BufferBlock> BY_SIZE = new BySize();

    /** A plain class rather than a composed lambda: model checkers reflect over comparator state. */
    private static final class BySize implements Comparator<BufferBlock> {
        @Override
        public int compare(BufferBlock a, BufferBlock b) {
            int c = Long.compare(a.size, b.size);
            return c != 0 ? c : Long.compare(a.address, b.address);
        }
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BlockFields.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // padding after the fields: CacheLines.BYTES bytes, as BlockPadding before them (a test checks the count)
    @SuppressWarnings("unused")
    private long q00;
    @SuppressWarnings("unused")
    private long q01;
    @SuppressWarnings("unused")
    private long q02;
    @SuppressWarnings("unused")
    private long q03;
    @SuppressWarnings("unused")
    private long q04;
    @SuppressWarnings("unused")
    private long q05;
    @SuppressWarnings("unused")
    private long q06;
    @SuppressWarnings("unused")
    private long q07;
    @SuppressWarnings("unused")
    private long q08;
    @SuppressWarnings("unused")
    private long q09;
    @SuppressWarnings("unused")
    private long q10;
    @SuppressWarnings("unused")
    private long q11;
    @SuppressWarnings("unused")
    private long q12;
    @SuppressWarnings("unused")
    private long q13;
    @SuppressWarnings("unused")
    private long q14;
    @SuppressWarnings("unused")
    private long q15;

    BufferBlock(long id, DeviceBuffer buffer, HeapBlock heap, long size, PoolKind pool) {
        super(id, buffer, heap, size, pool);
        this.state = FREE;
    }

    /**
     * A block for an allocator written outside this package (a user's {@link CachingAllocator} from scratch): it
     * starts {@code FREE}, belongs to no heap of ours ({@link #heapId()} is -1), and changes state only through the
     * public transitions below, which are what the checks observe. Why a factory and not a public constructor: the
     * constructor also takes the project's package-private {@code HeapBlock}.
     *
     * @param id     unique among the allocator's blocks (the checks require it)
     * @param buffer the device buffer the block hands out; never null
     * @param size   its aligned size, what the block occupies (counted in the statistics)
     * @param pool   the pool it belongs to (the statistics are per pool)
     */
    public static BufferBlock of(long id, DeviceBuffer buffer, long size, PoolKind pool) {
        if (buffer == null || pool == null || size <= 0 || size > buffer.length()) {
            throw new IllegalArgumentException("block #" + id + ": buffer " + buffer + ", size " + size + ", pool "
                    + pool);
        }
        return new BufferBlock(id, buffer, null, size, pool);
    }

    /**
     * malloc's hand-over, for an allocator outside this package: {@code FREE}&rarr;{@code IN_USE} by CAS, recording
     * the stream of the malloc (the block's home stream, which the reuse rule and the checks read) and the requested
     * size (the bytes a caller may use). A block that is not {@code FREE} is refused with an IllegalStateException,
     * so that an allocator handing one block to two callers fails here instead of corrupting both.
     */
    public void handOut(MpsStream stream, long requested) {
        if (stream == null || requested <= 0 || requested > size) {
            throw new IllegalArgumentException("malloc of buffer #" + id + ": stream " + stream + ", requested "
                    + requested + " B of " + size + " B");
        }
        require(FREE, IN_USE, "malloc");
        requestedSize = requested;
        this.stream = stream;
        useCount++;
    }

    /**
     * free's take-back, for an allocator outside this package: {@code IN_USE}&rarr;{@code FREE}, or &rarr;{@code
     * PENDING} when the allocator keeps it back for uses recorded on other streams. A double free (or a free of a
     * released block) throws IllegalStateException, as {@link CachingAllocator#free} requires.
     */
    public void takeBack(boolean pending) {
        require(IN_USE, pending ? PENDING : FREE, "free");
    }

    /** {@code PENDING}&rarr;{@code FREE} once the recorded uses completed, for an allocator outside this package. */
    public void pendingCompleted() {
        require(PENDING, FREE, "pending-to-free");
    }

    /**
     * {@code FREE}&rarr;{@code RELEASED} before an allocator outside this package gives the buffer back to the
     * device: a late free or malloc of the block then fails instead of touching a released buffer.
     */
    public void retire() {
        require(FREE, RELEASED, "release");
    }

    /** A search key: orders before every real block of the same size. */
    static BufferBlock probe(long size) {
        return new BufferBlock(0, null, null, size, null);
    }

    public long id() {
        return id;
    }

    /** Aligned size (what the block occupies). */
    public long size() {
        return size;
    }

    public long requestedSize() {
        return requestedSize;
    }

    public PoolKind pool() {
        return pool;
    }

    public DeviceBuffer buffer() {
        return buffer;
    }

    /** The heap of a block of the project's allocators; -1 for a block made by {@link #of} (no heap of ours). */
    public long heapId() {
        return heap == null ? -1 : heap.id;
    }

    /** The stream it was allocated on. */
    public MpsStream stream() {
        return stream;
    }

    public int state() {
        return (int) STATE.getAcquire(this); // C++: load(acquire): the phase's writes happen before it is seen
    }

    /**
     * State change by CAS: the winner owns the block's next phase; the loser gets a clear error instead of a second
     * owner. Acquire-release would do; Java's compareAndSet is sequentially consistent, and the port runs what was
     * checked.
     */
    boolean transition(int from, int to) {
        return STATE.compareAndSet(this, from, to); // C++: compare_exchange_strong(seq_cst)
    }

    void require(int from, int to, String op) {
        if (!transition(from, to)) {
            throw new IllegalStateException(op + " of buffer #" + id + " in state " + stateName(state())
                    + " (expected " + stateName(from) + ")" + (op.equals("free") ? ": double free" : ""));
        }
    }

    /**
     * FREE&rarr;IN_USE for a block that only the calling thread can reach (it sits in the caller's own thread cache):
     * no other thread can change the state meanwhile, so a check and a release store do what the CAS does, without
     * its cost on the hot path. A stale free of this block by another thread (a caller's bug) races it exactly as it
     * would race the CAS. C++: {@code load(relaxed)} + {@code store(release)}.
     */
    void claimOwned() {
        int s = (int) STATE.get(this); // C++: load(relaxed): only this thread can change it now
        if (s != FREE) {
            throw new IllegalStateException("malloc of buffer #" + id + " in state " + stateName(s)
                    + " (expected FREE)");
        }
        STATE.setRelease(this, IN_USE); // C++: store(release)
    }

    /** Invariant 2: may a malloc on {@code s} take this free block now? */
    boolean reusableOn(MpsStream s) {
        return events == null && (stream == null || stream == s || stream.fenceCompleted(fence));
    }

    /** True when every event recorded on a foreign stream has completed. */
    boolean eventsCompleted() {
        if (events == null) {
            return true;
        }
        for (MpsEvent e : events) {
            if (!e.completed()) {
                return false;
            }
        }
        return true;
    }

    /** The event bound to {@code s}, attaching one from the pool if needed. */
    MpsEvent eventFor(MpsStream s, EventPool pool) {
        if (events == null) {
            events = new ArrayList<>(2);
        }
        for (MpsEvent e : events) {
            if (e.stream() == s) {
                return e;
            }
        }
        MpsEvent e = pool.acquire();
        events.add(e);
        return e;
    }

    /** Returns the events to the pool (they completed, or the block is being released). */
    void dropEvents(EventPool pool) {
        if (events != null) {
            for (MpsEvent e : events) {
                pool.release(e);
            }
            events = null;
        }
    }

    /** Name of a state constant, for messages. */
    public static String stateName(int s) {
        switch (s) {
            case FREE:
                return "FREE";
            case IN_USE:
                return "IN_USE";
            case PENDING:
                return "PENDING";
            case RELEASED:
                return "RELEASED";
            default:
                return "?" + s;
        }
    }

    @Override
    public String toString() {
        return "buffer#" + id + "(" + pool + ", " + size + " B" + (heap == null ? "" : ", heap#" + heap.id) + ")";
    }
}
