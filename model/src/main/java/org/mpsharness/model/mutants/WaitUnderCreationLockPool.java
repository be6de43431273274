package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: acquireSlot runs entirely under the stream-creation mutex, its wait for a free slot included (the
 * "simplification" of creating the stream and taking the slot in one critical section).
 *
 * <p><b>Operator:</b> expand a critical section over a blocking wait. The lock order itself is respected (creation
 * before pool), so the order checker's acquisition rule does not object; the hazard is the wait: while this thread
 * waits for a slot, no other thread can create a stream, and an owner that needs a stream it has not created yet
 * before it releases its slot deadlocks with it until the time-out.
 *
 * <p><b>Breaks:</b> invariant 9 (no blocking wait under a lock of the hierarchy; DeadlockFree).
 *
 * <p><b>Caught by:</b> the lock-order checker's wait rule (the freelist refuses to wait while its caller holds a lock),
 * which the pool contract's exhausted-pool wait reaches.
 */
public final class WaitUnderCreationLockPool extends ComposedStreamPool {
    private final OrderedLock creationMutex = new OrderedLock("stream_creation_mutex_", LockLevel.STREAM_CREATION, 0);

    public WaitUnderCreationLockPool(Device device, CommitGate gate, PoolConfig config) {
        super("wait-under-creation-lock", device, gate, config, new HomeSlotFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory), new StoredIndexLookup());
    }

    @Override
    public int acquireSlot() {
        creationMutex.lock(); // MUTATION: production takes no lock around the acquisition and its wait
        try {
            return super.acquireSlot();
        } finally {
            creationMutex.unlock();
        }
    }
}
