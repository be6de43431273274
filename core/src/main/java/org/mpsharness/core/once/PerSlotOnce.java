package org.mpsharness.core.once;

import java.util.concurrent.atomic.AtomicReferenceArray;
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
 */
public final class PerSlotOnce<T> implements OncePerSlot<T> {
    private final AtomicReferenceArray<T> values;
    private final OrderedLock[] onceLocks;
    private final IntFunction<T> factory;

    public PerSlotOnce(int size, IntFunction<T> factory) {
        this.values = new AtomicReferenceArray<>(size);
        this.onceLocks = new OrderedLock[size];
        for (int i = 0; i < size; i++) {
            onceLocks[i] = new OrderedLock("once[" + i + "]", LockLevel.STREAM_CREATION, i + 1);
        }
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length();
    }

    @Override
    public T get(int index) {
        // Acquire: pairs with the release store below, so a non-null value is fully constructed.
        // C++: streams_[i].load(std::memory_order_acquire).
        T v = values.getAcquire(index);
        if (v != null) {
            return v;
        }
        OrderedLock lock = onceLocks[index];
        lock.lock();
        try {
            // Re-check under the slot's lock: another thread may have created it while we waited.
            // Plain read suffices: the creator's store happened before its unlock, which precedes our lock.
            v = values.getPlain(index);
            if (v == null) {
                v = factory.apply(index); // throws: nothing stored, the slot stays retryable
                // Release: publishes the constructed value to lock-free readers.
                // C++: streams_[i].store(v, std::memory_order_release).
                values.setRelease(index, v);
            }
            return v;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T peek(int index) {
        return values.getAcquire(index); // same pairing as the fast path of get
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
