package org.mpsharness.model.spec;

import java.util.Arrays;
import java.util.List;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Partitions;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The stream pool's slots (invariant 8) as a step relation: "acquire returns <em>any</em> free worker slot".
 *
 * <ul>
 *   <li>{@code acquire}: no input; output the slot (1..31) now owned by the calling process, legal exactly when that
 *       slot was free; or 0 (the default stream, after backpressure), legal only when all 31 were taken.</li>
 *   <li>{@code release}: input {@code {"slot": s}}; output the outcome: {@code RELEASED} exactly when the caller owns
 *       it (the slot becomes free), {@code NOT_OWNER} when another process owns it, {@code ALREADY_FREE} when it is
 *       free, {@code DEFAULT_SLOT} for slot 0; nothing else changes anything.</li>
 * </ul>
 * Partitioned per slot, unless an acquire fell back to slot 0 or has an unknown outcome (it concerns every slot).
 */
public final class StreamPoolHistorySpec implements Spec<StreamPoolHistorySpec.Owners> {
    public static final String NAME = "stream-pool";
    static final int SLOTS = 32;

    /** Owner process of each slot, -1 when free; slot 0 is the default stream, never owned. */
    public record Owners(int[] owner) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Owners other && Arrays.equals(owner, other.owner);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(owner);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (int s = 1; s < SLOTS; s++) {
                if (owner[s] >= 0) {
                    sb.append(sb.length() > 1 ? ", " : "").append("slot ").append(s).append(": p").append(owner[s]);
                }
            }
            return sb.append(sb.length() == 1 ? "all free}" : "}").toString();
        }

        Owners with(int slot, int process) {
            int[] copy = owner.clone();
            copy[slot] = process;
            return new Owners(copy);
        }
    }

    private static final Owners FREE;

    static {
        int[] o = new int[SLOTS];
        Arrays.fill(o, -1);
        FREE = new Owners(o);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Owners init() {
        return FREE;
    }

    @Override
    public List<Owners> step(Owners st, Operation op) {
        switch (op.f()) {
            case "acquire": {
                if (!op.outputKnown()) { // any free slot, or the default stream when none: every possibility
                    java.util.ArrayList<Owners> next = new java.util.ArrayList<>();
                    for (int s = 1; s < SLOTS; s++) {
                        if (st.owner[s] < 0) {
                            next.add(st.with(s, op.process()));
                        }
                    }
                    if (next.isEmpty()) {
                        next.add(st);
                    }
                    return next;
                }
                int s = ((Number) op.output()).intValue();
                if (s == 0) {
                    for (int k = 1; k < SLOTS; k++) {
                        if (st.owner[k] < 0) {
                            return List.of(); // fell back to the default stream although a slot was free
                        }
                    }
                    return List.of(st);
                }
                return st.owner[s] < 0 ? List.of(st.with(s, op.process())) : List.of();
            }
            case "release": {
                int s = ((Number) op.arg("slot")).intValue();
                String expected = s == 0 ? "DEFAULT_SLOT" : st.owner[s] < 0 ? "ALREADY_FREE"
                        : st.owner[s] == op.process() ? "RELEASED" : "NOT_OWNER";
                if (!op.outputMatches(expected)) {
                    return List.of();
                }
                return List.of(expected.equals("RELEASED") ? st.with(s, -1) : st);
            }
            default:
                throw new IllegalArgumentException("stream-pool has no operation '" + op.f() + "'");
        }
    }

    @Override
    public void validate(Operation op) {
        switch (op.f()) {
            case "acquire" -> {
                // canonical form: an integral slot is a Long whatever its spelling; a fractional one is rejected
                if (op.outputKnown() && !(op.output() instanceof Long n && n >= 0 && n < SLOTS)) {
                    throw new IllegalArgumentException("acquire returns a slot 0..31, not "
                            + Values.describe(op.output()));
                }
            }
            case "release" -> {
                if (!(op.arg("slot") instanceof Long n && n >= 0 && n < SLOTS)) {
                    throw new IllegalArgumentException("release needs {\"slot\": 0..31}, not "
                            + Values.describe(op.input()));
                }
            }
            default -> throw new IllegalArgumentException("stream-pool has no operation '" + op.f()
                    + "' (it has acquire, release)");
        }
    }

    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        for (Operation op : history) {
            if (op.f().equals("acquire") && (!op.outputKnown() || ((Number) op.output()).intValue() == 0)) {
                return List.of(history);
            }
        }
        return Partitions.byKey(history, op -> op.f().equals("acquire") ? op.output() : op.arg("slot"));
    }

    @Override
    public String describeOperation(Operation op) {
        return switch (op.f()) {
            case "acquire" -> "acquire -> " + (op.outputKnown() ? "slot " + op.output() : "?");
            case "release" -> "release slot " + op.arg("slot") + " -> " + Values.describe(op.output());
            default -> Spec.super.describeOperation(op);
        };
    }
}
