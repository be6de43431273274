package org.mpsharness.model.mutants;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Seeded bug: {@link org.mpsharness.core.pool.MutexFreelist} with the release's critical section split in two —
 * the ownership check in one, the state change in another (deliberate near-copy).
 *
 * <p><b>Operator:</b> split a critical region (ConMAn). Each half is locked, so every single access is still
 * data-race free; what is lost is the atomicity of "check owner, then free". Two releases of one slot — the owner's
 * explicit release racing the reclaim of its thread-exit path — both pass the check and both push the slot.
 *
 * <p><b>Breaks:</b> invariant 8 (release exactly once; the fork's NoDoubleRelease): the slot is twice in the free
 * stack, so two later acquirers get the same slot.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenSplitReleaseFreelistReleaseRace} (release and reclaim both succeed; the
 * free count exceeds the number of slots).
 */
public final class SplitReleaseMutexFreelist implements SlotFreelist {
    private final OrderedLock slotMutex = new OrderedLock("slot_mutex_", LockLevel.POOL, 0);
    private final Condition slotAvailable = slotMutex.newCondition();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final Thread[] owners = new Thread[WORKER_SLOTS + 1];
    private long wakeGeneration;

    public SplitReleaseMutexFreelist() {
        for (int s = WORKER_SLOTS; s >= 1; s--) {
            free.push(s);
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

    /** True if {@code caller} owns {@code slot} now (first critical section). */
    private boolean owns(int slot, Thread caller) {
        slotMutex.lock();
        try {
            return caller != null && owners[slot] == caller;
        } finally {
            slotMutex.unlock();
        }
    }

    /** Frees {@code slot} (second critical section). */
    private void freeSlot(int slot) {
        slotMutex.lock();
        try {
            owners[slot] = null;
            free.push(slot);
            slotAvailable.signal();
        } finally {
            slotMutex.unlock();
        }
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        if (!owns(slot, caller)) {
            return ownerOf(slot) == null ? ReleaseOutcome.ALREADY_FREE : ReleaseOutcome.NOT_OWNER;
        }
        // MUTATION: production frees in the same critical section as the check
        freeSlot(slot);
        return ReleaseOutcome.RELEASED;
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (!owns(slot, deadOwner)) {
            return false;
        }
        freeSlot(slot); // MUTATION: same split
        return true;
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
