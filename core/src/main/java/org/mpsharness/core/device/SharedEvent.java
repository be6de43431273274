package org.mpsharness.core.device;

import java.util.concurrent.locks.LockSupport;
import org.mpsharness.core.lock.LockOrderChecker;

/** A rising 64-bit counter raised by GPU work ({@code MTLSharedEvent}; on CUDA a chain of pooled CUevents). */
public interface SharedEvent {

    long id();

    /** The highest value signalled so far (monotonic). */
    long signaledValue();

    /**
     * Blocks until {@code signaledValue() >= value} or the time-out passes; true when reached. By default it polls
     * {@link #signaledValue} with a park that doubles from 10 µs to 1 ms: neither Metal's shared events nor our CUDA
     * chain of CUevents can wake a CPU thread, and a blocked thread must not spin a core away from the workload. A
     * device that can notify (the simulated one) overrides it.
     */
    default boolean waitUntilSignaled(long value, long timeoutMillis) throws InterruptedException {
        LockOrderChecker.assertMayBlock("SharedEvent.waitUntilSignaled");
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long park = 10_000;
        while (signaledValue() < value) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, 1_000_000);
        }
        return true;
    }

    void release();
}
