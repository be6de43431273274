package org.mpsharness.model.spec;

import java.util.List;
import java.util.Map;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Partitions;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * A key-value store of strings with get, put and append, where a missing key reads as the empty string: the object of
 * the Jepsen kv tests. Keys are independent, so the history is partitioned by key and each key is checked as a string
 * register on its own; the state of a partition is that key's value.
 *
 * <ul>
 *   <li>{@code get}: input {@code {"key": k}}; output the value.</li>
 *   <li>{@code put}: input {@code {"key": k, "value": v}}; sets the value; output ignored.</li>
 *   <li>{@code append}: input {@code {"key": k, "value": v}}; appends {@code v}; output ignored.</li>
 * </ul>
 *
 * @see WholeStoreKeyValueSpec the same store checked without partitioning
 */
public final class KeyValueSpec implements Spec<String> {
    public static final String NAME = "kv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String init() {
        return "";
    }

    @Override
    public List<String> step(String value, Operation op) {
        return switch (op.f()) {
            case "get" -> op.outputMatches(value) ? List.of(value) : List.of();
            case "put" -> List.of((String) op.arg("value"));
            case "append" -> List.of(value + op.arg("value"));
            default -> throw new IllegalArgumentException("kv has no operation '" + op.f() + "'");
        };
    }

    @Override
    public void validate(Operation op) {
        validateKv(op);
    }

    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        return Partitions.byKey(history, op -> op.arg("key"));
    }

    @Override
    public String describeState(String value) {
        return Values.describe(value);
    }

    @Override
    public String describeOperation(Operation op) {
        return describeKv(op);
    }

    static void validateKv(Operation op) {
        if (!(op.input() instanceof Map<?, ?>) || !(op.arg("key") instanceof String)) {
            throw new IllegalArgumentException(op.f() + " needs {\"key\": string, ...} as input, not "
                    + Values.describe(op.input()));
        }
        switch (op.f()) {
            case "get" -> {
                if (op.outputKnown() && !(op.output() instanceof String)) {
                    throw new IllegalArgumentException("get returns a string, not " + Values.describe(op.output()));
                }
            }
            case "put", "append" -> {
                if (!(op.arg("value") instanceof String)) {
                    throw new IllegalArgumentException(op.f() + " needs a string \"value\" in its input, not "
                            + Values.describe(op.input()));
                }
            }
            default -> throw new IllegalArgumentException(
                    "kv has no operation '" + op.f() + "' (it has get, put, append)");
        }
    }

    static String describeKv(Operation op) {
        String key = Values.describe(op.arg("key"));
        return switch (op.f()) {
            case "get" -> "get " + key + " -> " + (op.outputKnown() ? Values.describe(op.output()) : "?");
            case "put", "append" -> op.f() + " " + key + " " + Values.describe(op.arg("value"));
            default -> op.f() + " " + Values.describe(op.input());
        };
    }
}
