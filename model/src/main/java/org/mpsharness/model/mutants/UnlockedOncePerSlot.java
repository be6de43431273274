package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.mpsharness.core.once.OncePerSlot;

/**
 * Seeded bug: {@link org.mpsharness.core.once.GlobalLockOncePerSlot} with its creation mutex removed (deliberate
 * near-copy; values kept in an atomic array so that publication itself stays safe and only atomicity is lost).
 *
 * <p><b>Operator:</b> remove lock/unlock (ConMAn "remove synchronized"): check-then-act on the slot.
 *
 * <p><b>Breaks:</b> invariant 6 twice over: the factory runs twice under a race, and the two callers return
 * <em>different</em> values for one slot (the second store overwrites the first).
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenUnlockedOnceExactlyOnce} (factory runs = 2, values differ).
 */
public final class UnlockedOncePerSlot<T> implements OncePerSlot<T> {
    private final AtomicReferenceArray<T> values;
    private final IntFunction<T> factory;

    public UnlockedOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new AtomicReferenceArray<>(size);
        this.factory = factory;
    }

    @Override
    public int size() {
        return values.length();
    }

    @Override
    public T get(int index) {
        T v = values.get(index);
        if (v == null) { // MUTATION: no mutex around check, create, store
            v = factory.apply(index);
            values.set(index, v);
        }
        return v;
    }

    @Override
    public T peek(int index) {
        return values.get(index);
    }

    @Override
    public int indexOf(T value) {
        for (int i = 0; i < values.length(); i++) {
            if (values.get(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
