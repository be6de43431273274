package org.mpsharness.core.once;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntFunction;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Improved design of improvement 4: an acquire-load fast path and, per slot, a lock-protected slow path that
 * re-checks, creates and publishes with a release store — {@code c10::call_once} per slot, as ROCm does
 * (CUDAStream.cpp).
 *
 * <p>Why per slot: creating stream 7 (≈ 50 µs on a real device) must not block lookups or creation of stream 3; and
 * once created, a lookup is one load, so the guard/event paths that call getStream(index) take no lock at all.
 *
 * <p>The slots are a plain array accessed through an array-element {@link VarHandle} (acquire loads, release stores),
 * not an {@code AtomicReferenceArray}: the same memory orders, one dependent load fewer on the fast path, which is
 * what a lookup costs beside a plain array read (StreamPoolJmh.arrayRead).
 */
public final class PerSlotOnce<T> implements OncePerSlot<T> {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] values;
    private final OrderedLock[] onceLocks;
    private final IntFunction<T> factory;

    public PerSlotOnce(int size, IntFunction<T> factory) {
        this.values = new Object[size];
        this.onceLocks = new OrderedLock[size];
        for (int i = 0; i < size; i++) {
            onceLocks[i] = new OrderedLock("once[" + i + "]", LockLevel.STREAM_CREATION, i + 1);
        }
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public T get(int index) {
        // Acquire: pairs with the release store below, so a non-null value is fully constructed.
        // C++: streams_[i].load(std::memory_order_acquire).
        T v = load(index);
        if (v != null) {
            return v;
        }
        OrderedLock lock = onceLocks[index];
        lock.lock();
        try {
            // Re-check under the slot's lock: another thread may have created it while we waited.
            // Plain read suffices: the creator's store happened before its unlock, which precedes our lock.
            @SuppressWarnings("unchecked")
            T seen = (T) values[index];
            v = seen;
            if (v == null) {
                v = factory.apply(index); // throws: nothing stored, the slot stays retryable
                // Release: publishes the constructed value to lock-free readers.
                // C++: streams_[i].store(v, std::memory_order_release).
                SLOT.setRelease(values, index, v);
            }
            return v;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T peek(int index) {
        return load(index); // same pairing as the fast path of get
    }

    /** The acquire load of a slot (C++: {@code streams_[i].load(std::memory_order_acquire)}). */
    @SuppressWarnings("unchecked")
    private T load(int index) {
        return (T) SLOT.getAcquire(values, index); // C++: load(acquire)
    }

    @Override
    public int indexOf(T value) {
        for (int i = 0; i < values.length; i++) {
            if (load(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
