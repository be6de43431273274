package org.mpsharness.core.stream;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * One stream of the pool (MPSStream.mm): a command queue, the current command buffer being encoded and the previously
 * committed one, all guarded by the stream's mutex ({@code _streamMutex}, level STREAM).
 *
 * <p>What it keeps (invariant 10): a command buffer is committed once; completion handlers are added only to the
 * current, uncommitted buffer under the mutex; a wait always commits first, so nobody waits on a continued,
 * uncommitted buffer. Every commit also raises the stream's <em>timeline</em> event, which gives the allocator cheap
 * fences: "all work encoded on this stream so far" is {@link #fenceValue()}, complete when the timeline reaches it.
 *
 * <p>The slot index is stored on the stream when it is created (improvement 3 reads it instead of scanning the pool).
 */
public final class MpsStream {
    /** Streams per pool: slot 0 default, 1..31 workers. */
    public static final int MAX_STREAMS = 32;

    private final int index;
    private final CommandQueue queue;
    private final SharedEvent timeline;
    private final CommitGate gate;
    private final OrderedLock mutex;
    private final OrderedLock encodingLock;
    private final LongSupplier lowWatermarkHeadroomMb;

    // guarded by mutex
    private CommandBuffer commandBuffer;
    private CommandBuffer prevCommandBuffer;
    private long timelineValue;
    private boolean dirty;
    private long commits;
    private long continues;

    /**
     * Creates the stream's queue and timeline; on failure releases what was created and rethrows (no leak).
     *
     * @param encodingLock the global encoding mutex shared by all streams, or null for none
     * @param lowWatermarkHeadroomMb allocator headroom below its low watermark in MB (COMMIT_ADAPTIVE)
     */
    public static MpsStream create(Device device, int index, CommitGate gate, OrderedLock encodingLock,
                                   LongSupplier lowWatermarkHeadroomMb) {
        CommandQueue q = device.newCommandQueue("stream-" + index);
        SharedEvent tl;
        try {
            tl = device.newSharedEvent();
        } catch (RuntimeException e) {
            q.release();
            throw e;
        }
        return new MpsStream(index, q, tl, gate, encodingLock, lowWatermarkHeadroomMb);
    }

    private MpsStream(int index, CommandQueue queue, SharedEvent timeline, CommitGate gate, OrderedLock encodingLock,
                      LongSupplier lowWatermarkHeadroomMb) {
        if (index < 0 || index >= MAX_STREAMS) {
            throw new IllegalArgumentException("stream index " + index);
        }
        this.index = index;
        this.queue = queue;
        this.timeline = timeline;
        this.gate = gate;
        this.encodingLock = encodingLock;
        this.lowWatermarkHeadroomMb = lowWatermarkHeadroomMb;
        this.mutex = new OrderedLock("stream[" + index + "]._streamMutex", LockLevel.STREAM, index);
    }

    /** The slot this stream was created for (invariant 7). */
    public int index() {
        return index;
    }

    public boolean isDefault() {
        return index == 0;
    }

    public CommandQueue queue() {
        return queue;
    }

    public CommitGate gate() {
        return gate;
    }

    // ---------------------------------------------------------------- encoding

    /** Fill part of a buffer with an owner tag (GPU work). */
    public void fill(DeviceBuffer buffer, long offset, long length, byte value) {
        enter();
        try {
            encode(cb -> cb.fill(buffer, offset, length, value));
            dirty = true;
        } finally {
            leave();
        }
    }

    /** Verify part of a buffer against an owner tag when the work runs. */
    public void verify(DeviceBuffer buffer, long offset, long length, byte expected, PatternCheck result) {
        enter();
        try {
            encode(cb -> cb.verify(buffer, offset, length, expected, result));
            dirty = true;
        } finally {
            leave();
        }
    }

    /**
     * One graph execution (MPSStream::executeMPSGraph): encode GPU work, then end it as the commit gate decides —
     * commit-and-continue where allowed, otherwise the forced commit that costs single-thread throughput.
     */
    public void executeGraph(long gpuNanos) {
        enter();
        try {
            encode(cb -> cb.compute(gpuNanos));
            dirty = true;
            commitLocked();
        } finally {
            leave();
        }
    }

    public void encodeSignalEvent(SharedEvent event, long value) {
        enter();
        try {
            encode(cb -> cb.encodeSignalEvent(event, value));
        } finally {
            leave();
        }
    }

    public void encodeWaitForEvent(SharedEvent event, long value) {
        enter();
        try {
            encode(cb -> cb.encodeWaitForEvent(event, value));
            dirty = true;
        } finally {
            leave();
        }
    }

    /** Runs {@code handler} when the work encoded so far completes (added to the current, uncommitted buffer). */
    public void addCompletedHandler(Runnable handler) {
        enter();
        try {
            currentBuffer().addCompletedHandler(handler);
        } finally {
            leave();
        }
    }

    // ---------------------------------------------------------------- synchronization

    public void synchronize(SyncType type) {
        enter();
        try {
            switch (type) {
                case NONE:
                    break;
                case COMMIT:
                    commitLocked();
                    break;
                case COMMIT_AND_WAIT:
                    commitAndWaitLocked();
                    break;
                case COMMIT_AND_CONTINUE:
                    if (!gate.tryBeginContinue(this)) { // under the mutex (enter), as the gate's contract requires
                        throw new IllegalStateException("COMMIT_AND_CONTINUE on stream " + index
                                + " while the commit gate (" + gate.mode() + ") does not allow it");
                    }
                    try {
                        continueLocked();
                    } finally {
                        gate.endContinue(this);
                    }
                    break;
                case COMMIT_ADAPTIVE:
                    if (lowWatermarkHeadroomMb.getAsLong() <= 1) {
                        commitLocked();
                    }
                    break;
                default:
                    throw new AssertionError(type);
            }
        } finally {
            leave();
        }
    }

    /** The timeline value that will mark "all work encoded on this stream so far" complete. */
    public long fenceValue() {
        mutex.lock();
        try {
            return dirty ? timelineValue + 1 : timelineValue;
        } finally {
            mutex.unlock();
        }
    }

    /** True once the work covered by {@code fence} (from {@link #fenceValue()}) has completed on the GPU. */
    public boolean fenceCompleted(long fence) {
        return fence <= 0 || timeline.signaledValue() >= fence;
    }

    /** Plain commits and commit-and-continues performed so far. */
    public long[] commitCounts() {
        mutex.lock();
        try {
            return new long[] {commits, continues};
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Runs {@code action} holding this stream's mutex ({@code _streamMutex}) and returns its result.
     *
     * <p>Why it is public: the {@link CommitGate} contract puts a decision ({@code tryBeginContinue}) and the
     * commit-and-continue it allows under the committing stream's mutex, as this class's own commit paths do
     * ({@code commitLocked}, {@code synchronize(COMMIT_AND_CONTINUE)}). The adaptive gate relies on it: it revokes a
     * stream's right to continue by running its last state change under that stream's mutex, which waits out any
     * decision in flight. Checks and benchmarks that call a gate directly hold the mutex through this method.
     */
    public <R> R underMutex(Supplier<R> action) {
        mutex.lock();
        try {
            return action.get();
        } finally {
            mutex.unlock();
        }
    }

    /** Releases the queue and timeline (pool shutdown only: streams are never destroyed while in use). */
    public void release() {
        mutex.lock();
        try {
            if (commandBuffer != null || prevCommandBuffer != null) {
                commitAndWaitLocked();
            }
        } finally {
            mutex.unlock();
        }
        queue.release();
        timeline.release();
    }

    // ---------------------------------------------------------------- internals (mutex held)

    private void enter() {
        if (index == 0) {
            gate.activate(this); // the default stream is active while a thread operates on it
        }
        mutex.lock();
    }

    private void leave() {
        mutex.unlock();
        if (index == 0) {
            gate.deactivate(this);
        }
    }

    private CommandBuffer currentBuffer() {
        if (commandBuffer == null) {
            commandBuffer = queue.commandBuffer();
        }
        return commandBuffer;
    }

    /** Encodes into the current buffer holding the global encoding mutex (level ENCODING, inside the stream's). */
    private void encode(Consumer<CommandBuffer> work) {
        CommandBuffer cb = currentBuffer();
        if (encodingLock == null) {
            work.accept(cb);
            return;
        }
        encodingLock.lock();
        try {
            work.accept(cb);
        } finally {
            encodingLock.unlock();
        }
    }

    /**
     * MPSStream::commit: commit-and-continue where the gate allows, else flush. The mutex is held (every caller went
     * through {@link #enter}), so the decision and the continue run under it as the gate's contract requires.
     */
    private void commitLocked() {
        if (commandBuffer == null) {
            return;
        }
        if (gate.tryBeginContinue(this)) {
            try {
                continueLocked();
            } finally {
                gate.endContinue(this);
            }
        } else {
            flushLocked();
        }
    }

    private void signalTimeline(CommandBuffer cb) {
        if (dirty) {
            cb.encodeSignalEvent(timeline, ++timelineValue);
            dirty = false;
        }
    }

    private void continueLocked() {
        CommandBuffer cb = currentBuffer();
        signalTimeline(cb);
        commandBuffer = cb.commitAndContinue();
        continues++;
    }

    private void flushLocked() {
        CommandBuffer cb = commandBuffer;
        signalTimeline(cb);
        cb.commit();
        prevCommandBuffer = cb;
        commandBuffer = null;
        commits++;
    }

    private void commitAndWaitLocked() {
        if (prevCommandBuffer != null) {
            prevCommandBuffer.waitUntilCompleted();
            prevCommandBuffer = null;
        }
        if (commandBuffer != null) {
            CommandBuffer cb = commandBuffer;
            signalTimeline(cb);
            cb.commit(); // commit before waiting: never wait on a continued, uncommitted buffer
            commandBuffer = null;
            commits++;
            cb.waitUntilCompleted();
        }
    }

    @Override
    public String toString() {
        return "MpsStream[" + index + "]";
    }
}
