package org.mpsharness.core.device;

/** A rising 64-bit counter raised by GPU work ({@code MTLSharedEvent}; on CUDA a chain of pooled CUevents). */
public interface SharedEvent {

    long id();

    /** The highest value signalled so far (monotonic). */
    long signaledValue();

    /** Blocks until {@code signaledValue() >= value} or the time-out passes; true when reached. */
    boolean waitUntilSignaled(long value, long timeoutMillis) throws InterruptedException;

    void release();
}
