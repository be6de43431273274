package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug (invariant 9): acquireSlot creates the slot's stream while holding the pool-level slot mutex, so the
 * stream-creation lock is taken inside a pool lock — the reverse of the documented order. Operator: expand a critical
 * section. Caught by the lock-order checker, which every test run enables, at the first acquire of a fresh slot.
 */
public class CreateUnderSlotLockPool extends ComposedStreamPool {
    private final OrderedLock slotMutex = new OrderedLock("slot_mutex_", LockLevel.POOL, 0);

    public CreateUnderSlotLockPool(Device device, CommitGate gate, PoolConfig config) {
        super("create-under-slot-lock", device, gate, config, new BitmaskFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory),
                new StoredIndexLookup());
    }

    @Override
    public int acquireSlot() {
        slotMutex.lock();
        try {
            return super.acquireSlot();
        } finally {
            slotMutex.unlock();
        }
    }
}
