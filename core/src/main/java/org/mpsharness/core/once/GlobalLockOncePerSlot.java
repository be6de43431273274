package org.mpsharness.core.once;

import java.util.function.IntFunction;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Baseline of improvement 4: every {@link #get} takes the one creation mutex ({@code stream_creation_mutex_}), even when
 * the slot was created long ago (MPSStream.mm createStream). Correct and simple; every guard/event path that looks up
 * a stream serialises on it.
 */
public final class GlobalLockOncePerSlot<T> implements OncePerSlot<T> {
    private final OrderedLock creationMutex = new OrderedLock("stream_creation_mutex_", LockLevel.STREAM_CREATION, 0);
    private final Object[] values; // guarded by creationMutex
    private final IntFunction<T> factory;

    public GlobalLockOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new Object[size];
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        creationMutex.lock();
        try {
            T v = (T) values[index];
            if (v == null) {
                v = factory.apply(index); // throws: slot stays empty, retryable
                values[index] = v;
            }
            return v;
        } finally {
            creationMutex.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T peek(int index) {
        creationMutex.lock();
        try {
            return (T) values[index];
        } finally {
            creationMutex.unlock();
        }
    }

    /** The baseline's setCurrentStream scan: all slots, under the creation mutex. */
    @Override
    public int indexOf(T value) {
        creationMutex.lock();
        try {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == value) {
                    return i;
                }
            }
            return -1;
        } finally {
            creationMutex.unlock();
        }
    }
}
