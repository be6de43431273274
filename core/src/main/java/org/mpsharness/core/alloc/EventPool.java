package org.mpsharness.core.alloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Pool of {@link MpsEvent}s (MPSEventPool): device events are costly to create, so they are reused. Guarded by the
 * event-pool mutex (level EVENT_POOL, taken inside the allocator's). Ids come from the supplied source, which must give
 * unique ids (invariant 5): the native pool increments its id counter outside any lock (MPSEvent.mm:174), a race that
 * the seeded-bug catalog reproduces.
 */
public final class EventPool {
    private final Device device;
    private final LongSupplier ids;
    private final OrderedLock mutex = new OrderedLock("event_pool_mutex", LockLevel.EVENT_POOL);
    private final ArrayDeque<MpsEvent> free = new ArrayDeque<>(); // guarded by mutex
    private final List<MpsEvent> all = new ArrayList<>(); // guarded by mutex
    private int inUse; // guarded by mutex

    public EventPool(Device device, LongSupplier ids) {
        this.device = device;
        this.ids = ids;
    }

    MpsEvent acquire() {
        mutex.lock();
        try {
            MpsEvent e = free.poll();
            if (e == null) {
                e = new MpsEvent(ids.getAsLong(), device.newSharedEvent());
                all.add(e);
            }
            inUse++;
            return e;
        } finally {
            mutex.unlock();
        }
    }

    void release(MpsEvent e) {
        e.reset();
        mutex.lock();
        try {
            free.push(e);
            inUse--;
        } finally {
            mutex.unlock();
        }
    }

    /** Events handed out and not returned. */
    public int inUse() {
        mutex.lock();
        try {
            return inUse;
        } finally {
            mutex.unlock();
        }
    }

    /** Ids of every event ever created (for the uniqueness check). */
    public List<Long> ids() {
        mutex.lock();
        try {
            List<Long> r = new ArrayList<>();
            for (MpsEvent e : all) {
                r.add(e.id());
            }
            return r;
        } finally {
            mutex.unlock();
        }
    }

    /** Releases every device event (allocator shutdown). */
    void close() {
        mutex.lock();
        try {
            for (MpsEvent e : all) {
                e.shared().release();
            }
            all.clear();
            free.clear();
        } finally {
            mutex.unlock();
        }
    }
}
