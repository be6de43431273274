package org.mpsharness.model.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Partitions;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The caching allocator's ownership (invariant 1) as a step relation: "malloc returns <em>any</em> fitting block that
 * is not in use".
 *
 * <ul>
 *   <li>{@code malloc}: input {@code {"size": n, ...}}; output {@code {"id": b, "size": m, ...}}, legal exactly when
 *       block {@code b} is not in use and {@code m >= n}; {@code b} is then in use.</li>
 *   <li>{@code free}: input {@code {"id": b}}; legal exactly when {@code b} is in use; it no longer is.</li>
 * </ul>
 * A block handed to two owners, or freed twice, is a violation. Partitioned per block id, unless a malloc has an
 * unknown outcome (it may have taken any block). Reuse before the GPU finished is not visible in a history; the
 * workload's pattern checks cover it.
 *
 * <p>Ids and sizes must be integers ({@code 1} and {@code 1.0} are the same block, see {@link Values#canonical});
 * {@link #validate} rejects a fractional one.
 */
public final class AllocatorHistorySpec implements Spec<AllocatorHistorySpec.InUse> {
    public static final String NAME = "allocator";

    /** Ids of the blocks in use (sorted, immutable). */
    public record InUse(Set<Long> ids) {
        @Override
        public String toString() {
            return ids.isEmpty() ? "no block in use" : "in use: " + ids;
        }

        InUse plus(long id) {
            TreeSet<Long> s = new TreeSet<>(ids);
            s.add(id);
            return new InUse(Set.copyOf(s));
        }

        InUse minus(long id) {
            TreeSet<Long> s = new TreeSet<>(ids);
            s.remove(id);
            return new InUse(Set.copyOf(s));
        }
    }

    private static final InUse NONE = new InUse(Set.of());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InUse init() {
        return NONE;
    }

    @Override
    public List<InUse> step(InUse st, Operation op) {
        switch (op.f()) {
            case "malloc": {
                if (!op.outputKnown()) {
                    return List.of(st); // a crashed malloc whose block nobody used: no effect on ownership
                }
                long id = number(op.output(), "id");
                long size = number(op.output(), "size");
                if (st.ids.contains(id) || size < number(op.input(), "size")) {
                    return List.of();
                }
                return List.of(st.plus(id));
            }
            case "free": {
                long id = number(op.input(), "id");
                return st.ids.contains(id) ? List.of(st.minus(id)) : List.of();
            }
            default:
                throw new IllegalArgumentException("allocator has no operation '" + op.f() + "'");
        }
    }

    private static long number(Object map, String key) {
        return ((Number) ((java.util.Map<?, ?>) map).get(key)).longValue();
    }

    @Override
    public void validate(Operation op) {
        switch (op.f()) {
            case "malloc" -> {
                require(op.input(), "size", "malloc's input");
                if (op.outputKnown()) {
                    require(op.output(), "id", "malloc's output");
                    require(op.output(), "size", "malloc's output");
                }
            }
            case "free" -> require(op.input(), "id", "free's input");
            default -> throw new IllegalArgumentException("allocator has no operation '" + op.f()
                    + "' (it has malloc, free)");
        }
    }

    /** Ids and sizes are integers (in canonical form a {@code Long}); a fractional one is bad input, not truncated. */
    private static void require(Object map, String key, String what) {
        if (!(map instanceof java.util.Map<?, ?> m) || !(m.get(key) instanceof Long)) {
            throw new IllegalArgumentException(what + " needs an integer \"" + key + "\", not "
                    + Values.describe(map));
        }
    }

    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        List<Operation> crashed = new ArrayList<>();
        for (Operation op : history) {
            if (op.f().equals("malloc") && !op.outputKnown()) {
                crashed.add(op);
            }
        }
        List<Operation> known = new ArrayList<>(history);
        known.removeAll(crashed); // a malloc of unknown outcome constrains no block: it can be linearized anywhere
        return Partitions.byKey(known, op -> op.f().equals("malloc") ? ((java.util.Map<?, ?>) op.output()).get("id")
                : op.arg("id"));
    }

    @Override
    public String describeOperation(Operation op) {
        return switch (op.f()) {
            case "malloc" -> "malloc " + Values.describe(op.arg("size")) + " -> "
                    + (op.outputKnown() ? "block " + ((java.util.Map<?, ?>) op.output()).get("id") : "?");
            case "free" -> "free block " + Values.describe(op.arg("id"));
            default -> Spec.super.describeOperation(op);
        };
    }
}
