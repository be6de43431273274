package org.mpsharness.model.mutants;

import java.util.function.IntFunction;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.OncePerSlot;

/**
 * Seeded bug: {@link org.mpsharness.core.once.PerSlotOnce} with its acquire load and release store weakened to plain
 * accesses of a plain array (deliberate near-copy).
 *
 * <p><b>Operator:</b> remove volatile / acquire-release &rarr; plain. The slow path is still locked and re-checks, so
 * creation stays exactly-once; only the lock-free fast path loses its ordering. In C++ this is
 * {@code memory_order_relaxed} on {@code streams_[i]} (or a non-atomic pointer).
 *
 * <p><b>Breaks:</b> safe publication of a lazily created stream (invariants 6 and 10: a reader of the fast path may see
 * the pointer before the fields the constructor wrote, i.e. a half-built stream). Whether that shows depends on the
 * compiler and the hardware: on ARM (Apple silicon, where MPS runs) stores and loads may be reordered; on x86 only the
 * JIT may reorder them, and HotSpot orders a constructor's stores before the object escapes in practice.
 *
 * <p><b>Caught by:</b> jcstress {@code WeakHwPlainArrayOncePublication} where the hardware or JIT reorders; on the
 * 2-core x86 build machine it is <em>not</em> caught (see docs/memory-model.md: a known limit of testing a memory-order
 * weakening on a TSO machine; {@code FlagFirstOncePerSlot} is the publication control that x86 does catch).
 */
public final class PlainArrayOncePerSlot<T> implements OncePerSlot<T> {
    private final Object[] values;
    private final OrderedLock[] locks;
    private final IntFunction<T> factory;

    public PlainArrayOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new Object[size];
        this.locks = new OrderedLock[size];
        for (int i = 0; i < size; i++) {
            locks[i] = new OrderedLock("once[" + i + "]", LockLevel.STREAM_CREATION, i + 1);
        }
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        T v = (T) values[index]; // MUTATION: plain load (production: getAcquire)
        if (v != null) {
            return v;
        }
        locks[index].lock();
        try {
            v = (T) values[index];
            if (v == null) {
                v = factory.apply(index);
                values[index] = v; // MUTATION: plain store (production: setRelease)
            }
            return v;
        } finally {
            locks[index].unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T peek(int index) {
        return (T) values[index]; // MUTATION: plain load
    }

    @Override
    public int indexOf(T value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
