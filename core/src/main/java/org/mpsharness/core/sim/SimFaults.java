package org.mpsharness.core.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for the simulated device, changeable while it runs: out of memory after N bytes of heaps, failing
 * stream creation, slow completion. Every fault must end in a clear error and leak nothing; the tests assert both.
 */
public final class SimFaults {
    private final AtomicLong oomAfterBytes = new AtomicLong(Long.MAX_VALUE);
    private final AtomicInteger failQueueCreations = new AtomicInteger();
    private final AtomicLong completionDelayNanos = new AtomicLong();

    /** Heap creation fails (returns null) once live heap bytes would exceed {@code bytes}. */
    public SimFaults oomAfterBytes(long bytes) {
        oomAfterBytes.set(bytes);
        return this;
    }

    /** The next {@code n} queue (stream) creations throw. */
    public SimFaults failNextQueueCreations(int n) {
        failQueueCreations.set(n);
        return this;
    }

    /** Every command buffer completes this much later than its work ends. */
    public SimFaults completionDelayNanos(long nanos) {
        completionDelayNanos.set(nanos);
        return this;
    }

    public SimFaults clear() {
        oomAfterBytes.set(Long.MAX_VALUE);
        failQueueCreations.set(0);
        completionDelayNanos.set(0);
        return this;
    }

    long heapLimit() {
        return oomAfterBytes.get();
    }

    /** Consumes one pending queue-creation failure; true when this creation must fail. */
    boolean takeQueueFailure() {
        while (true) {
            int n = failQueueCreations.get();
            if (n <= 0) {
                return false;
            }
            if (failQueueCreations.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    long completionDelay() {
        return completionDelayNanos.get();
    }
}
