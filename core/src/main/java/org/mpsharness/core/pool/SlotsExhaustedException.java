package org.mpsharness.core.pool;

/** All 31 worker slots stayed taken for the whole bounded wait of acquireSlot. */
public final class SlotsExhaustedException extends IllegalStateException {
    public SlotsExhaustedException(String message) {
        super(message);
    }
}
