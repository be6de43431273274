package org.mpsharness.core.device;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Result of one {@link CommandBuffer#verify}: how many bytes differed from the expected owner tag, and the first
 * offending byte. Written by the device when the work runs, read by the workload after completion.
 */
public final class PatternCheck {
    private final AtomicLong mismatches = new AtomicLong();
    private volatile long firstBadOffset = -1;
    private volatile int firstBadValue = -1;
    private volatile boolean done;

    /** Called by backends. */
    public void report(long badBytes, long firstOffset, int firstValue) {
        if (badBytes > 0) {
            if (mismatches.getAndAdd(badBytes) == 0) {
                firstBadOffset = firstOffset;
                firstBadValue = firstValue;
            }
        }
        done = true;
    }

    /** Called by backends when the check could not run (buffer released, command buffer failed). */
    public void fail(long bytes) {
        mismatches.addAndGet(Math.max(1, bytes));
        done = true;
    }

    public boolean done() {
        return done;
    }

    public long mismatches() {
        return mismatches.get();
    }

    public long firstBadOffset() {
        return firstBadOffset;
    }

    public int firstBadValue() {
        return firstBadValue;
    }
}
