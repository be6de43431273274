package org.mpsharness.core.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * The stream pool built from three of a design's independent choices: ownership through a {@link SlotFreelist}
 * (improvement 5), lazy streams through a {@link OncePerSlot} (improvement 4) and setCurrentStream's
 * {@link IndexLookup} (improvement 3). What every design shares lives here: the thread-local current stream,
 * backpressure, dead-owner reclamation, shutdown and commit-gate activation (improvement 2's gate is passed in).
 *
 * <p>Why composed rather than one class per design: a design change is validated one component at a time, and an
 * ablation (the baseline with exactly one improvement) is just another combination. {@link BaselineStreamPool} and
 * {@link ImprovedStreamPool} are the two named combinations; {@link org.mpsharness.core.design.DesignSet} builds any
 * other. Subclasses (seeded variants) may override the protected steps.
 */
public class ComposedStreamPool implements StreamPool {
    /** How often a waiting acquire looks for slots of dead owners. */
    private static final long RECLAIM_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String design;
    private final Device device;
    private final CommitGate gate;
    private final PoolConfig config;
    private final SlotFreelist freelist;
    private final OncePerSlot<MpsStream> streams;
    private final IndexLookup lookup;
    /**
     * The owner whose activation of the slot's stream the gate counts, or null. Deactivation clears it by CAS from
     * that very owner, so it happens exactly once per activation, and a late or stale caller (a reclaimer that read
     * an old owner) can never undo a newer owner's activation.
     */
    /**
     * Who activated each slot's stream in the gate, one cache line per slot ({@link #ACTIVATED_STRIDE}): every acquire
     * and release writes its slot's entry, and unpadded the 32 entries shared two lines among all threads (false
     * sharing: improved acquire+release fell from 21 M/s at 1 thread to 13 M/s at 16 on the GPU host, 2026-11-30).
     */
    private final AtomicReferenceArray<Thread> activatedBy =
            new AtomicReferenceArray<>((NUM_STREAMS + 1) * ACTIVATED_STRIDE);
    /** References per line: 128-byte lines (Apple Silicon) of 4-byte compressed references; more without them. */
    private static final int ACTIVATED_STRIDE = HomeSlotFreelist.LINE_BYTES / 4;
    private final ThreadLocal<int[]> current = ThreadLocal.withInitial(() -> new int[] {DEFAULT_SLOT});
    private volatile LongSupplier lowWatermarkHeadroomMb = () -> Long.MAX_VALUE;
    private volatile boolean alive = true; // g_pool_alive; volatile: shutdown must be seen by every acquirer
    private volatile boolean closed;

    /**
     * @param design      the name reported by {@link #design()}
     * @param freelist    improvement 5's choice, fresh for this pool
     * @param onceFactory improvement 4's choice: given the stream factory, the once-per-slot that owns the streams
     * @param lookup      improvement 3's choice, fresh for this pool
     */
    public ComposedStreamPool(String design, Device device, CommitGate gate, PoolConfig config, SlotFreelist freelist,
                              Function<IntFunction<MpsStream>, OncePerSlot<MpsStream>> onceFactory,
                              IndexLookup lookup) {
        this.design = design;
        this.device = device;
        this.gate = gate;
        this.config = config;
        this.freelist = freelist;
        this.lookup = lookup;
        OrderedLock encoding = new OrderedLock("metal_encoding_mutex", LockLevel.ENCODING);
        this.streams = onceFactory.apply(
                i -> MpsStream.create(device, i, gate, encoding, () -> lowWatermarkHeadroomMb.getAsLong()));
        if (streams.size() != NUM_STREAMS) {
            throw new IllegalArgumentException("a stream pool needs a once-per-slot of " + NUM_STREAMS
                    + " slots, got " + streams.size());
        }
    }

    /** Slot index of {@code stream}, or -1 if it is not one of this pool's: improvement 3's choice decides. */
    protected int indexOf(MpsStream stream) {
        return lookup.indexOf(stream, streams);
    }

    /** Improvement 5's choice (for reports: which freelist a run used). */
    public final SlotFreelist freelist() {
        return freelist;
    }

    /** Improvement 3's choice. */
    public final IndexLookup lookup() {
        return lookup;
    }

    /** The once-component, for subclasses' lookups. */
    protected final OncePerSlot<MpsStream> streams() {
        return streams;
    }

    /** Lets COMMIT_ADAPTIVE see the allocator's headroom below its low watermark (MB). */
    public void setLowWatermarkHeadroom(LongSupplier headroomMb) {
        this.lowWatermarkHeadroomMb = headroomMb;
    }

    @Override
    public String design() {
        return design;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public CommitGate gate() {
        return gate;
    }

    @Override
    public int acquireSlot() {
        if (!alive) {
            throw new PoolShutdownException("acquireSlot after the stream pool was shut down");
        }
        Thread me = Thread.currentThread();
        int slot = freelist.tryAcquire(me);
        if (slot < 0 && reclaimDeadOwners() > 0) {
            slot = freelist.tryAcquire(me);
        }
        if (slot < 0) {
            slot = awaitSlot(me); // the clock is read only when a wait may follow (a nanoTime call is not free)
        }
        if (!alive) {
            if (slot > 0) {
                freelist.release(slot, me);
            }
            throw new PoolShutdownException("stream pool shut down while acquireSlot waited");
        }
        if (slot < 0) {
            if (config.onExhausted() == PoolConfig.Exhausted.DEFAULT_STREAM) {
                return DEFAULT_SLOT;
            }
            throw new SlotsExhaustedException("all " + SlotFreelist.WORKER_SLOTS + " worker stream slots stayed taken for "
                    + config.acquireTimeoutMillis() + " ms; release slots (close leases) or use fewer threads");
        }
        MpsStream stream;
        try {
            stream = streams.get(slot);
        } catch (RuntimeException e) {
            freelist.release(slot, me); // failed stream creation: give the slot back, nothing leaks
            throw e;
        }
        gate.activate(stream);
        activatedBy.setRelease(activated(slot), me); // C++: store(release): read by the CAS in deactivate
        return slot;
    }

    /** Backpressure: waits for a free slot up to the configured time, reclaiming dead owners' slots meanwhile. */
    private int awaitSlot(Thread me) {
        int slot = -1;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.acquireTimeoutMillis());
        while (slot < 0 && alive) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                slot = freelist.acquire(me, Math.min(left, RECLAIM_PERIOD_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker slot", e);
            }
            if (slot < 0 && reclaimDeadOwners() > 0) {
                slot = freelist.tryAcquire(me);
            }
        }
        return slot;
    }

    @Override
    public ReleaseOutcome releaseStreamSlot(int slot) {
        if (slot == DEFAULT_SLOT) {
            return ReleaseOutcome.DEFAULT_SLOT;
        }
        if (slot < 0 || slot >= NUM_STREAMS) {
            throw new IllegalArgumentException("stream slot out of range 0..31: " + slot);
        }
        if (!alive) {
            return ReleaseOutcome.AFTER_SHUTDOWN;
        }
        Thread me = Thread.currentThread();
        if (freelist.ownerOf(slot) == me) {
            // Deactivate while still owning the slot: once the freelist has it back, a new owner may activate the
            // same stream, and a late deactivation would undo the new owner's activation (found by jcstress:
            // KnownBug/CorrectPoolReleaseReacquire). Only the owner can release, so ownership is stable here.
            deactivate(slot, me);
            int[] cur = current.get(); // only on the owner's path: a thread-local lookup is not free either
            if (cur[0] == slot) {
                cur[0] = DEFAULT_SLOT;
            }
        }
        return freelist.release(slot, me); // misuse (not the owner, already free) is refused here, changing nothing
    }

    /**
     * Ends {@code owner}'s activation of the slot's stream, if it is still the one counted: CAS owner&rarr;null
     * then the gate. Called before the slot is freed.
     */
    /** The slot's entry in {@link #activatedBy}: a line of padding before the first and after every entry. */
    private static int activated(int slot) {
        return (slot + 1) * ACTIVATED_STRIDE;
    }

    private void deactivate(int slot, Thread owner) {
        if (activatedBy.compareAndSet(activated(slot), owner, null)) { // C++: compare_exchange_strong(seq_cst)
            MpsStream s = streams.peek(slot);
            if (s != null) {
                gate.deactivate(s);
            }
        }
    }

    /**
     * Ends a dead owner's gate activation of its slot's stream, before the slot is free again (a new owner's
     * activation must not be undone by a late one). A named step so that the seeded-bug catalog can drop it.
     */
    protected void endDeadOwnersActivation(int slot, Thread deadOwner) {
        deactivate(slot, deadOwner);
    }

    @Override
    public int reclaimDeadOwners() {
        int n = 0;
        for (int s = 1; s < NUM_STREAMS; s++) {
            Thread owner = freelist.ownerOf(s);
            if (owner != null && !owner.isAlive()) {
                endDeadOwnersActivation(s, owner);
                if (freelist.reclaim(s, owner)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public MpsStream getStream(int index) {
        if (index < 0 || index >= NUM_STREAMS) {
            throw new IllegalArgumentException("stream index out of range 0..31: " + index);
        }
        return streams.get(index);
    }

    @Override
    public MpsStream getDefaultStream() {
        return getStream(DEFAULT_SLOT);
    }

    @Override
    public MpsStream peekStream(int index) {
        return streams.peek(index);
    }

    @Override
    public void setCurrentStream(MpsStream stream) {
        int idx = indexOf(stream);
        if (idx < 0) {
            throw new IllegalArgumentException(stream + " does not belong to this pool");
        }
        current.get()[0] = idx;
    }

    @Override
    public MpsStream getCurrentStream() {
        return getStream(current.get()[0]);
    }

    @Override
    public int currentSlot() {
        return current.get()[0];
    }

    @Override
    public SlotLease lease() {
        int slot = acquireSlot();
        MpsStream s = getStream(slot);
        setCurrentStream(s);
        return new SlotLease(this, slot, s);
    }

    @Override
    public int freeSlots() {
        return freelist.freeCount();
    }

    @Override
    public Thread ownerOf(int slot) {
        return slot == DEFAULT_SLOT ? null : freelist.ownerOf(slot);
    }

    @Override
    public int createdStreams() {
        int n = 0;
        for (int i = 0; i < NUM_STREAMS; i++) {
            n += streams.peek(i) != null ? 1 : 0;
        }
        return n;
    }

    @Override
    public void shutdown() {
        alive = false;
        freelist.wakeAll();
    }

    @Override
    public boolean isShutdown() {
        return !alive;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdown();
        for (int i = 0; i < NUM_STREAMS; i++) {
            MpsStream s = streams.peek(i);
            if (s != null) {
                s.release();
            }
        }
    }
}
