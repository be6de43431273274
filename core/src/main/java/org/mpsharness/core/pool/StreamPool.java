package org.mpsharness.core.pool;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * The fork's {@code MPSStreamPool} (improvements 3, 4 and 5): 32 streams, slot 0 the default stream (never handed to a
 * worker), slots 1..31 owned exclusively by one thread each; a thread-local current stream (slot 0 until set).
 *
 * <p>Thread death: Java has no thread-local destructors. A slot records its owner thread; a slot whose owner is no
 * longer alive is reclaimed exactly once (CAS on the owner) by {@link #reclaimDeadOwners()}, which acquireSlot runs
 * whenever it finds no free slot and again while it waits. So a dead thread's slot is back no later than the first
 * acquire that needs it. Explicit release ({@link #releaseStreamSlot} or closing a {@link SlotLease}) is the normal
 * path.
 */
public interface StreamPool extends AutoCloseable {
    int NUM_STREAMS = MpsStream.MAX_STREAMS;
    int DEFAULT_SLOT = 0;

    /** "baseline" or "improved" (or a user's name for a variant). */
    String design();

    Device device();

    CommitGate gate();

    /**
     * Claims a worker slot for the calling thread and creates its stream if needed. When all 31 are taken it waits
     * up to the configured time, then throws {@link SlotsExhaustedException} or returns {@link #DEFAULT_SLOT}, as
     * configured.
     *
     * @throws PoolShutdownException after shutdown
     * @throws org.mpsharness.core.device.StreamCreationException when the stream cannot be created (the slot is
     *                                                            released again: nothing leaks)
     */
    int acquireSlot();

    /** The owner's release; any misuse is detected and changes nothing (see {@link ReleaseOutcome}). */
    ReleaseOutcome releaseStreamSlot(int slot);

    /** The stream of slot {@code index}, created exactly once. */
    MpsStream getStream(int index);

    MpsStream getDefaultStream();

    /** The stream of slot {@code index} if it was created, else null; never creates. */
    MpsStream peekStream(int index);

    /** Makes {@code stream} the calling thread's current stream. */
    void setCurrentStream(MpsStream stream);

    /** The calling thread's current stream (the default stream until set). */
    MpsStream getCurrentStream();

    /** Slot index of the calling thread's current stream. */
    int currentSlot();

    /** Acquire a slot, make its stream current, and give it back on close. */
    SlotLease lease();

    /** Frees the slots of owners that are no longer alive; returns how many. */
    int reclaimDeadOwners();

    /** Free worker slots now. */
    int freeSlots();

    /** Owner of a worker slot, or null. */
    Thread ownerOf(int slot);

    /** Streams created so far (for the exactly-once checks). */
    int createdStreams();

    /** Later acquires fail; waiters are woken and fail; later releases are harmless. */
    void shutdown();

    boolean isShutdown();

    /** Shuts down and releases every created stream. */
    @Override
    void close();
}
