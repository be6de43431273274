package org.mpsharness.core.pool;

/**
 * What a {@code releaseStreamSlot} did. Only {@link #RELEASED} changes the pool; every other outcome is a detected
 * misuse (or a harmless no-op) that leaves the freelist exactly as it was (invariant 8).
 */
public enum ReleaseOutcome {
    /** The owner released its slot; it is free again. */
    RELEASED,
    /** The slot is owned by another thread (or being handed over): nothing changed. */
    NOT_OWNER,
    /** The slot is already free: a double release, detected; nothing changed. */
    ALREADY_FREE,
    /** Slot 0 is the default stream, never in the freelist: nothing to release. */
    DEFAULT_SLOT,
    /** The pool was shut down: a late release (a thread exiting after shutdown) is harmless. */
    AFTER_SHUTDOWN
}
