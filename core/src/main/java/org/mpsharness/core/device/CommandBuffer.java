package org.mpsharness.core.device;

/**
 * A batch of GPU work encoded on one queue, committed once, completing asynchronously ({@code MTLCommandBuffer}).
 *
 * <p>The rules that the runtime has broken in the past (invariant 10, pytorch#100285) are enforced by every backend and
 * throw {@link IllegalStateException}: no completion handler after commit, never commit twice, no encoding after
 * commit, never wait on a buffer that was not committed (Apple documents it as a deadlock).
 *
 * <p>Buffers used by encoded work are retained until the command buffer completes, as Metal retains tracked
 * resources: {@link DeviceBuffer#retainCount()} &gt; 1 means "still used by the GPU".
 */
public interface CommandBuffer {

    enum Status { NOT_ENQUEUED, COMMITTED, COMPLETED, ERROR }

    /** Fill {@code [offset, offset+length)} of the buffer with one byte value (a blit fill). */
    void fill(DeviceBuffer buffer, long offset, long length, byte value);

    /**
     * Compare every byte of {@code [offset, offset+length)} with {@code expected} when the work runs, reporting into
     * {@code result} (read it after completion). Real GPU work: a kernel on CUDA, a copy-back on Metal.
     */
    void verify(DeviceBuffer buffer, long offset, long length, byte expected, PatternCheck result);

    /** Busy GPU work of about {@code nanos} (a stand-in for an inference kernel). */
    void compute(long nanos);

    /** Raise {@code event} to {@code value} when the work before it has run. */
    void encodeSignalEvent(SharedEvent event, long value);

    /** Make this queue wait until {@code event} reaches {@code value} (cross-stream ordering). */
    void encodeWaitForEvent(SharedEvent event, long value);

    /** Run {@code handler} after completion, on a device thread. Illegal after commit. */
    void addCompletedHandler(Runnable handler);

    /** Submit to the queue. Illegal twice. */
    void commit();

    /**
     * Commit this buffer and return a fresh one on the same queue to continue encoding into
     * ({@code MPSCommandBuffer commitAndContinue}). Cheaper than commit plus a new buffer on Metal; plain commit on CUDA.
     * Waiting on the returned buffer before it is committed is the deadlock Apple documents.
     */
    CommandBuffer commitAndContinue();

    /** Block until completed. Illegal before commit. */
    void waitUntilCompleted();

    Status status();

    /** Error text when {@link #status()} is ERROR, else null. */
    String error();
}
