package org.mpsharness.core.lock;

import java.util.ArrayList;
import java.util.List;

/**
 * Run-time checker of the lock hierarchy: throws {@link LockOrderViolation} at the first out-of-order acquisition,
 * naming the lock being acquired and the held lock it conflicts with.
 *
 * <p>Why at run time rather than by review: the orders that deadlock are the rare ones (a completion handler that
 * takes the allocator lock while the stream mutex is held, an emptyCache that syncs a stream under the allocator
 * lock). Tests enable the checker (system property {@code harness.lockOrderCheck=true}, set by the build), so every
 * test run is also a lock-order audit. It is off by default so that benchmarks pay one volatile read per acquisition.
 *
 * <p>Rule: a thread may acquire lock L if it already holds L (re-entry), or if L's key (level, rank) is greater than
 * the key of every lock it holds.
 */
public final class LockOrderChecker {
    /** Volatile so that tests can switch it on for threads already running; read once per acquisition. */
    private static volatile boolean enabled = Boolean.getBoolean("harness.lockOrderCheck");

    private static final ThreadLocal<List<OrderedLock>> HELD = ThreadLocal.withInitial(ArrayList::new);

    private LockOrderChecker() {
    }

    public static boolean enabled() {
        return enabled;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    static void beforeAcquire(OrderedLock lock) {
        List<OrderedLock> held = HELD.get();
        if (held.contains(lock)) {
            return; // re-entry of a recursive mutex
        }
        for (OrderedLock h : held) {
            if (h.key() >= lock.key()) {
                throw new LockOrderViolation("lock order violation: acquiring " + lock + " while holding " + h
                        + " (order: stream creation -> pool -> allocator/event pool -> stream -> encoding)");
            }
        }
    }

    static void acquired(OrderedLock lock) {
        List<OrderedLock> held = HELD.get();
        if (!held.contains(lock)) {
            held.add(lock);
        }
    }

    static void released(OrderedLock lock, int remainingHolds) {
        if (remainingHolds == 0) {
            HELD.get().remove(lock);
        }
    }

    /**
     * Invariant 9: no blocking wait on a stream, a command buffer or an event while an allocator-level (or lower)
     * lock is held, since the GPU completion that ends the wait may need that lock.
     */
    public static void assertMayBlock(String what) {
        if (!enabled) {
            return;
        }
        for (OrderedLock h : HELD.get()) {
            if (h.level().order() <= LockLevel.EVENT_POOL.order()) {
                throw new LockOrderViolation("blocking wait (" + what + ") while holding " + h
                        + ": a completion handler that needs this lock would deadlock");
            }
        }
    }

    /**
     * A wait that is not a lock but can only end when other threads make progress, placed in the hierarchy at
     * {@code level}: legal only while every lock held has a smaller key than the level's first rank, exactly as if
     * a lock of that level were acquired. Called on every call that <em>may</em> wait, not only when it does, so a
     * wrong nesting is reported on the first run, not only under contention.
     *
     * <p>Why the commit gate needs it: {@code activate} may wait for another stream's commit-and-continue to end and
     * may take that stream's mutex to revoke its bias; a thread that waits there while holding an allocator lock or a
     * stream mutex can deadlock with the thread it waits for (invariant 9), and neither wait is a lock acquisition
     * that {@link OrderedLock} would see.
     */
    public static void beforeWait(LockLevel level, String what) {
        if (!enabled) {
            return;
        }
        long key = (long) level.order() * 10_000L;
        for (OrderedLock h : HELD.get()) {
            if (h.key() >= key) {
                throw new LockOrderViolation("waiting for " + what + " (level " + level + ") while holding " + h
                        + ": the thread it waits for may need that lock (order: stream creation -> pool -> gate"
                        + " -> allocator/event pool -> stream -> encoding)");
            }
        }
    }

    /** Locks the current thread holds, innermost last (for diagnostics and tests). */
    public static List<String> heldByCurrentThread() {
        List<String> names = new ArrayList<>();
        for (OrderedLock h : HELD.get()) {
            names.add(h.name());
        }
        return names;
    }
}
