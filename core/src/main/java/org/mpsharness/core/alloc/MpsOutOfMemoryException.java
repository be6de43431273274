package org.mpsharness.core.alloc;

/**
 * The out-of-memory ladder ran to its end: cached memory was freed and the allocation retried, and it still does not
 * fit. The message says how much was asked, from which pool, the limits, and the per-pool statistics.
 */
public final class MpsOutOfMemoryException extends RuntimeException {
    private final transient AllocatorStats stats;

    public MpsOutOfMemoryException(String message, AllocatorStats stats) {
        super(message + System.lineSeparator() + stats.format());
        this.stats = stats;
    }

    public AllocatorStats stats() {
        return stats;
    }
}
