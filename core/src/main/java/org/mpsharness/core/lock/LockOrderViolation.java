package org.mpsharness.core.lock;

/**
 * Thrown at the first acquisition that breaks the lock hierarchy, or at a blocking wait made while an allocator-level
 * lock is held. The message names both locks so that the offending call path can be found from one report.
 */
public final class LockOrderViolation extends IllegalStateException {
    public LockOrderViolation(String message) {
        super(message);
    }
}
