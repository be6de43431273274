package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.once.OncePerSlot;

/**
 * Seeded bug: a once-flag per slot next to the value array, with the flag's release store moved <em>before</em> the
 * store of the value it is meant to publish.
 *
 * <p>The intended design is {@code c10::call_once}'s shape: {@code values[i] = v; done[i].store(1, release)} and, on
 * the fast path, {@code if (done[i].load(acquire)) return values[i]}. <b>Operator:</b> shift the release store above
 * the data write it guards (the "publish, then fill in" reordering that a refactoring or a compiler barrier in the
 * wrong place produces). Unlike a pure memory-order weakening, this one is visible on x86 too: the reordering is in the
 * program, not in the hardware.
 *
 * <p><b>Breaks:</b> safe publication (invariant 6): a fast-path reader sees "created" while the slot still holds no
 * value — {@link #get} returns null, the Java image of a half-built stream.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenFlagFirstOncePublication} (the reader's get returns null).
 */
public final class FlagFirstOncePerSlot<T> implements OncePerSlot<T> {
    private final Object[] values; // published by done[i]
    private final AtomicIntegerArray done;
    private final OrderedLock[] locks;
    private final IntFunction<T> factory;

    public FlagFirstOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new Object[size];
        this.done = new AtomicIntegerArray(size);
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
        if (done.getAcquire(index) == 1) {
            return (T) values[index];
        }
        locks[index].lock();
        try {
            if (done.get(index) == 0) {
                T v = factory.apply(index);
                done.setRelease(index, 1); // MUTATION: published before the value is stored
                values[index] = v;
            }
            return (T) values[index];
        } finally {
            locks[index].unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T peek(int index) {
        return done.getAcquire(index) == 1 ? (T) values[index] : null;
    }

    @Override
    public int indexOf(T value) {
        for (int i = 0; i < values.length; i++) {
            if (peek(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
