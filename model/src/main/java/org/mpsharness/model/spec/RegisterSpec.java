package org.mpsharness.model.spec;

import java.util.List;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * A single register with read, write and compare-and-set, initially empty ({@code null}): the object of the Jepsen
 * etcd tests.
 *
 * <ul>
 *   <li>{@code read}: input ignored; output the value ({@code null} when empty).</li>
 *   <li>{@code write}: input the new value; output ignored.</li>
 *   <li>{@code cas}: input {@code [from, to]}; output {@code true} when the value was {@code from} (it becomes
 *       {@code to}), {@code false} when it was not (nothing changes).</li>
 * </ul>
 */
public final class RegisterSpec implements Spec<RegisterSpec.Cell> {
    public static final String NAME = "register";

    /** The register's content; a record so that {@code null} (empty) is a state like any other. */
    public record Cell(Object value) {
        @Override
        public String toString() {
            return Values.describe(value);
        }
    }

    private static final Cell EMPTY = new Cell(null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Cell init() {
        return EMPTY;
    }

    @Override
    public List<Cell> step(Cell state, Operation op) {
        switch (op.f()) {
            case "read":
                return op.outputMatches(state.value()) ? List.of(state) : List.of();
            case "write":
                return List.of(new Cell(op.input()));
            case "cas": {
                List<?> fromTo = (List<?>) op.input();
                boolean swapped = Values.same(state.value(), fromTo.get(0));
                if (!op.outputMatches(swapped)) {
                    return List.of();
                }
                return List.of(swapped ? new Cell(fromTo.get(1)) : state);
            }
            default:
                throw new IllegalArgumentException("register has no operation '" + op.f() + "'");
        }
    }

    @Override
    public void validate(Operation op) {
        switch (op.f()) {
            case "read", "write" -> {
            }
            case "cas" -> {
                if (!(op.input() instanceof List<?> l) || l.size() != 2) {
                    throw new IllegalArgumentException(
                            "cas needs [from, to] as input, not " + Values.describe(op.input()));
                }
                if (op.outputKnown() && !(op.output() instanceof Boolean)) {
                    throw new IllegalArgumentException(
                            "cas returns true or false, not " + Values.describe(op.output()));
                }
            }
            default -> throw new IllegalArgumentException(
                    "register has no operation '" + op.f() + "' (it has read, write, cas)");
        }
    }

    @Override
    public String describeState(Cell state) {
        return state.value() == null ? "empty" : Values.describe(state.value());
    }

    @Override
    public String describeOperation(Operation op) {
        String out = op.outputKnown() ? Values.describe(op.output()) : "?";
        return switch (op.f()) {
            case "read" -> "read -> " + (op.outputKnown() && op.output() == null ? "empty" : out);
            case "write" -> "write " + Values.describe(op.input());
            case "cas" -> {
                List<?> fromTo = (List<?>) op.input();
                yield "cas " + Values.describe(fromTo.get(0)) + " to " + Values.describe(fromTo.get(1)) + " -> "
                        + out;
            }
            default -> Spec.super.describeOperation(op);
        };
    }
}
