package org.mpsharness.core.pool;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Baseline of improvement 5: a stack of free slots and the owner table under one mutex ({@code slot_mutex_}), with a
 * condition variable for backpressure. Simple and obviously right; every acquire and release of every thread
 * serialises on the mutex, which is what high thread churn pays for.
 */
public final class MutexFreelist implements SlotFreelist {
    private final OrderedLock slotMutex = new OrderedLock("slot_mutex_", LockLevel.POOL, 0);
    private final Condition slotAvailable = slotMutex.newCondition();
    private final ArrayDeque<Integer> free = new ArrayDeque<>(); // guarded by slotMutex
    private final Thread[] owners = new Thread[WORKER_SLOTS + 1]; // guarded by slotMutex
    private long wakeGeneration; // guarded by slotMutex: bumped by wakeAll

    public MutexFreelist() {
        for (int s = WORKER_SLOTS; s >= 1; s--) {
            free.push(s); // slot 1 on top: lowest first, like the bitmask design
        }
    }

    @Override
    public int tryAcquire(Thread owner) {
        slotMutex.lock();
        try {
            return takeLocked(owner);
        } finally {
            slotMutex.unlock();
        }
    }

    private int takeLocked(Thread owner) {
        Integer s = free.poll();
        if (s == null) {
            return -1;
        }
        owners[s] = owner;
        return s;
    }

    @Override
    public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        int first = tryAcquire(owner);
        if (first >= 0 || timeoutNanos <= 0) {
            return first;
        }
        // invariant 9: no wait for a slot under a lock of the hierarchy (the release that ends it may need that lock)
        LockOrderChecker.assertMayBlock("waiting for a free worker slot");
        slotMutex.lock();
        try {
            long gen = wakeGeneration;
            long nanos = timeoutNanos;
            while (true) {
                int s = takeLocked(owner);
                if (s >= 0 || nanos <= 0 || gen != wakeGeneration) {
                    return s;
                }
                nanos = slotAvailable.awaitNanos(nanos);
            }
        } finally {
            slotMutex.unlock();
        }
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        slotMutex.lock();
        try {
            Thread o = owners[slot];
            if (o == null) {
                return ReleaseOutcome.ALREADY_FREE;
            }
            if (o != caller) {
                return ReleaseOutcome.NOT_OWNER;
            }
            freeLocked(slot);
            return ReleaseOutcome.RELEASED;
        } finally {
            slotMutex.unlock();
        }
    }

    private void freeLocked(int slot) {
        owners[slot] = null;
        free.push(slot);
        slotAvailable.signal();
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        slotMutex.lock();
        try {
            if (owners[slot] != deadOwner || deadOwner == null) {
                return false;
            }
            freeLocked(slot);
            return true;
        } finally {
            slotMutex.unlock();
        }
    }

    @Override
    public Thread ownerOf(int slot) {
        slotMutex.lock();
        try {
            return owners[slot];
        } finally {
            slotMutex.unlock();
        }
    }

    @Override
    public int freeCount() {
        slotMutex.lock();
        try {
            return free.size();
        } finally {
            slotMutex.unlock();
        }
    }

    @Override
    public void wakeAll() {
        try {
            if (slotMutex.tryLock(1, TimeUnit.SECONDS)) {
                try {
                    wakeGeneration++;
                    slotAvailable.signalAll();
                } finally {
                    slotMutex.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
