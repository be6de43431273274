package org.mpsharness.core.pool;

/** acquireSlot after (or during) shutdown: the pool hands out nothing more. */
public final class PoolShutdownException extends IllegalStateException {
    public PoolShutdownException(String message) {
        super(message);
    }
}
