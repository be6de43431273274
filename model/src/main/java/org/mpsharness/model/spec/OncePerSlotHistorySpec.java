package org.mpsharness.model.spec;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Partitioned per slot. The state is nevertheless the value of every slot, not of one: the step relation is then
 * right on any history, partitioned or not, so that the partitioning is a pure speed-up that the unpartitioned search
 * can cross-check (a state of one slot would make the spec wrong the moment two slots met in one part).
 */
public final class OncePerSlotHistorySpec implements Spec<OncePerSlotHistorySpec.Created> {
    public static final String NAME = "once-per-slot";

    /** The value created for each slot that has one (unmodifiable, sorted by slot). */
    public record Created(Map<Long, Object> values) {
        @Override
        public String toString() {
            if (values.isEmpty()) {
                return "nothing created";
            }
            StringBuilder sb = new StringBuilder();
            values.forEach((slot, v) -> sb.append(sb.length() == 0 ? "created " : ", ").append("slot ").append(slot)
                    .append(": ").append(Values.describe(v)));
            return sb.toString();
        }

        Created with(long slot, Object value) {
            TreeMap<Long, Object> copy = new TreeMap<>(values);
            copy.put(slot, value);
            return new Created(Collections.unmodifiableMap(copy));
        }
    }

    private static final Created NOTHING = new Created(Map.of());

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
        long slot = (Long) op.arg("slot");
        if (!st.values().containsKey(slot)) {
            return op.outputKnown() ? List.of(st.with(slot, op.output())) : List.of(st);
        }
        return op.outputMatches(st.values().get(slot)) ? List.of(st) : List.of();
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
        return Partitions.byKey(history, op -> op.arg("slot"));
    }
}
