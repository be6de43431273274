package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;

/**
 * Lincheck subject for improvement 4 (once-per-slot creation), with {@link OncePerSlotSpec}. Each created value
 * carries the number of factory runs for its slot at the time it was made, so a second creation is visible in the
 * result (its serial is 2), and {@link #runs} exposes the extra runs directly. (Not the count itself: a factory that
 * has run but whose value is not yet published is no state of the sequential specification, so "ran once" next to a
 * peek that still sees nothing would be a false alarm on a correct design; "ran twice" is wrong at any instant.)
 */
public class OncePerSlotLin {
    /** The design under test: (size, factory) → instance. */
    public static volatile BiFunction<Integer, IntFunction<Object>, OncePerSlot<Object>> factory = PerSlotOnce::new;
    static final int SLOTS = 2;

    /** A created value: which slot, and which factory run made it. */
    static final class Value {
        final int slot;
        final int serial;

        Value(int slot, int serial) {
            this.slot = slot;
            this.serial = serial;
        }
    }

    private final AtomicIntegerArray runs = new AtomicIntegerArray(SLOTS);
    private final OncePerSlot<Object> once = factory.apply(SLOTS, i -> new Value(i, runs.incrementAndGet(i)));

    /**
     * Three threads race to create slot 0 (one also peeks at it and creates slot 1): one factory run per slot, every
     * caller the same value, a peek never a partial one.
     */
    public static ExecutionScenario threeCreators() {
        return LincheckRunner.scenario(OncePerSlotLin.class, List.of(),
                List.of(List.<Object[]>of(new Object[] {"get", 0}),
                        List.<Object[]>of(new Object[] {"get", 0}, new Object[] {"get", 1}),
                        List.<Object[]>of(new Object[] {"peek", 0}, new Object[] {"get", 0})),
                List.<Object[]>of(new Object[] {"runs", 0}, new Object[] {"runs", 1}));
    }

    /** getStream(i): the serial of the value (1 for exactly-once), or -1 if it belongs to another slot. */
    @Operation
    public int get(@Param(gen = IntGen.class, conf = "0:1") int i) {
        Value v = (Value) once.get(i);
        return v.slot == i ? v.serial : -1;
    }

    /** Factory runs for slot i beyond the first (0 for exactly-once). */
    @Operation
    public int runs(@Param(gen = IntGen.class, conf = "0:1") int i) {
        return Math.max(0, runs.get(i) - 1);
    }

    /** peek: 1 when created, 0 when not (never a partial value). */
    @Operation
    public int peek(@Param(gen = IntGen.class, conf = "0:1") int i) {
        Object v = once.peek(i);
        return v == null ? 0 : ((Value) v).slot == i ? 1 : -1;
    }
}
