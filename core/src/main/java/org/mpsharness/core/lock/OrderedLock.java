package org.mpsharness.core.lock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant mutex with a place in the lock hierarchy ({@link LockLevel} plus a rank within the level).
 *
 * <p>Why not plain {@code synchronized}: the native mutexes are {@code std::mutex}/{@code std::recursive_mutex}; a
 * {@link ReentrantLock} has the same recursive semantics (the baseline allocator relies on them when it drops and
 * re-takes {@code m_mutex}), offers conditions for backpressure, and lets {@link LockOrderChecker} see every acquisition.
 * Port: {@code std::recursive_mutex} (or {@code std::mutex} where it is never re-entered).
 */
public final class OrderedLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private final LockLevel level;
    private final int rank;

    public OrderedLock(String name, LockLevel level) {
        this(name, level, 0);
    }

    public OrderedLock(String name, LockLevel level, int rank) {
        if (rank < 0 || rank > 9_999) {
            throw new IllegalArgumentException("rank out of range: " + rank);
        }
        this.name = name;
        this.level = level;
        this.rank = rank;
    }

    public String name() {
        return name;
    }

    public LockLevel level() {
        return level;
    }

    public int rank() {
        return rank;
    }

    /** Total order key: level first, rank second. */
    long key() {
        return (long) level.order() * 10_000L + rank;
    }

    public void lock() {
        if (LockOrderChecker.enabled()) {
            LockOrderChecker.beforeAcquire(this);
            lock.lock();
            LockOrderChecker.acquired(this);
        } else {
            lock.lock();
        }
    }

    /** Bounded acquisition; returns false on time-out (the lock is then not held). */
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        if (LockOrderChecker.enabled()) {
            LockOrderChecker.beforeAcquire(this);
        }
        boolean ok = lock.tryLock(timeout, unit);
        if (ok && LockOrderChecker.enabled()) {
            LockOrderChecker.acquired(this);
        }
        return ok;
    }

    public void unlock() {
        lock.unlock();
        if (LockOrderChecker.enabled()) {
            LockOrderChecker.released(this, lock.getHoldCount());
        }
    }

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    public int holdCount() {
        return lock.getHoldCount();
    }

    /** A condition bound to this lock (await releases every hold, as {@code std::condition_variable_any} would). */
    public Condition newCondition() {
        return lock.newCondition();
    }

    @Override
    public String toString() {
        return "'" + name + "' (" + level + ":" + rank + ")";
    }
}
