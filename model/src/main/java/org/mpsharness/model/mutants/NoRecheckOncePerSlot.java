package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.OncePerSlot;

/**
 * Seeded bug: {@link org.mpsharness.core.once.PerSlotOnce} without the re-check under the slot's lock (deliberate
 * near-copy).
 *
 * <p><b>Operator:</b> drop the re-check of double-checked creation. Two threads that both miss on the acquire-load
 * fast path queue up on the slot's lock; the second one no longer looks again after it gets the lock and runs the
 * factory a second time, overwriting the first value.
 *
 * <p><b>Breaks:</b> invariant 6 (each slot's stream is created exactly once): a second native queue is created and the
 * first leaks; the two callers hold different streams for one slot, so invariant 7 fails as well (the loser's stream
 * is no longer the one published for its index).
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenNoRecheckOnceExactlyOnce} (factory runs = 2) and, inside a stream pool,
 * {@code BrokenNoRecheckPoolCurrentStream}.
 */
public final class NoRecheckOncePerSlot<T> implements OncePerSlot<T> {
    private final AtomicReferenceArray<T> values;
    private final OrderedLock[] locks;
    private final IntFunction<T> factory;

    public NoRecheckOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new AtomicReferenceArray<>(size);
        this.locks = new OrderedLock[size];
        for (int i = 0; i < size; i++) {
            locks[i] = new OrderedLock("once[" + i + "]", LockLevel.STREAM_CREATION, i + 1);
        }
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length();
    }

    @Override
    public T get(int index) {
        T v = values.getAcquire(index);
        if (v != null) {
            return v;
        }
        locks[index].lock();
        try {
            // MUTATION: the production code re-reads values[index] here and returns it when another thread won.
            v = factory.apply(index);
            values.setRelease(index, v);
            return v;
        } finally {
            locks[index].unlock();
        }
    }

    @Override
    public T peek(int index) {
        return values.getAcquire(index);
    }

    @Override
    public int indexOf(T value) {
        for (int i = 0; i < values.length(); i++) {
            if (values.getAcquire(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
