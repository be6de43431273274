package org.mpsharness.model.spec;

import java.util.List;
import java.util.Objects;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Partitions;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * Once-per-slot creation (invariant 6) as a step relation: the first {@code get} of a slot may return any new value;
 * every later one must return that same value. A second creation shows up as two different values for one slot.
 *
 * <ul>
 *   <li>{@code get}: input {@code {"slot": i}}, an integer; output the value's identity (any JSON value, e.g. a
 *       number), compared in canonical form ({@link Values#canonical}).</li>
 * </ul>
 * Partitioned per slot.
 */
public final class OncePerSlotHistorySpec implements Spec<OncePerSlotHistorySpec.Created> {
    public static final String NAME = "once-per-slot";

    /** The value created for the slot, or none yet. */
    public record Created(boolean created, Object value) {
        @Override
        public String toString() {
            return created ? "created " + Values.describe(value) : "not created";
        }
    }

    private static final Created NOTHING = new Created(false, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Created init() {
        return NOTHING;
    }

    @Override
    public List<Created> step(Created st, Operation op) {
        if (!op.f().equals("get")) {
            throw new IllegalArgumentException("once-per-slot has no operation '" + op.f() + "'");
        }
        if (!st.created()) {
            return op.outputKnown() ? List.of(new Created(true, op.output())) : List.of(st);
        }
        return op.outputMatches(st.value()) ? List.of(st) : List.of();
    }

    @Override
    public void validate(Operation op) {
        if (!op.f().equals("get")) {
            throw new IllegalArgumentException("once-per-slot has no operation '" + op.f() + "' (it has get)");
        }
        if (!(op.arg("slot") instanceof Long)) { // canonical form: integral slots are Longs, fractional ones rejected
            throw new IllegalArgumentException("get needs {\"slot\": integer}, not " + Values.describe(op.input()));
        }
    }

    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        return Partitions.byKey(history, op -> Objects.requireNonNull(op.arg("slot")));
    }
}
