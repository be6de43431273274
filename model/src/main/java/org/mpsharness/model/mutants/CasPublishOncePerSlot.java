package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.mpsharness.core.once.OncePerSlot;

/**
 * Seeded bug: lock-free "create, then CAS, discard the loser" instead of a once-flag per slot.
 *
 * <p><b>Operator:</b> replace the critical section (lock, re-check, create, publish) by an optimistic create followed
 * by a compare-and-set — the classic lazy-init idiom that is right for cheap, side-effect-free values and wrong here.
 * Every value a caller sees is the published one (the CAS makes publication safe), so readers never notice.
 *
 * <p><b>Breaks:</b> invariant 6: the factory runs twice under a race; the loser's value — on a device, a command queue
 * — is simply dropped (a native leak). {@link OncePerSlot}'s javadoc rules this idiom out for exactly that reason.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenCasPublishOnceExactlyOnce} (factory runs = 2, although both callers return
 * the same value).
 */
public final class CasPublishOncePerSlot<T> implements OncePerSlot<T> {
    private final AtomicReferenceArray<T> values;
    private final IntFunction<T> factory;

    public CasPublishOncePerSlot(int size, IntFunction<T> factory) {
        this.values = new AtomicReferenceArray<>(size);
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
        T made = factory.apply(index); // MUTATION: created outside any exclusion
        if (values.compareAndSet(index, null, made)) {
            return made;
        }
        return values.getAcquire(index); // loser: its value is dropped
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
