package org.mpsharness.stress.once;

import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.stress.support.Probe;

/** Shared state shape of the exactly-once tests: one slot, a factory that counts its runs. */
abstract class ExactlyOnceState {
    final AtomicInteger runs = new AtomicInteger();
    final OncePerSlot<Probe> once;
    Probe v1;
    Probe v2;

    ExactlyOnceState(OnceMaker maker) {
        this.once = maker.make(1, i -> {
            runs.incrementAndGet();
            return new Probe(i);
        });
    }

    /** Arbiter: (1 if both callers got the same value else 0, factory runs). */
    final int same() {
        return v1 != null && v1 == v2 ? 1 : 0;
    }

    interface OnceMaker {
        OncePerSlot<Probe> make(int size, java.util.function.IntFunction<Probe> factory);
    }
}
