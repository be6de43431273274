package org.mpsharness.model.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The key-value store of {@link KeyValueSpec} checked as one object, without partitioning by key: its state is the
 * whole map. It decides the same histories, only much more slowly, because the search can no longer treat keys
 * separately; it exists to measure what partitioning buys and to cross-check the partitioned spec.
 */
public final class WholeStoreKeyValueSpec implements Spec<Map<String, String>> {
    public static final String NAME = "kv-whole";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> init() {
        return Map.of();
    }

    @Override
    public List<Map<String, String>> step(Map<String, String> store, Operation op) {
        String key = (String) op.arg("key");
        String value = store.getOrDefault(key, "");
        return switch (op.f()) {
            case "get" -> op.outputMatches(value) ? List.of(store) : List.of();
            case "put" -> List.of(with(store, key, (String) op.arg("value")));
            case "append" -> List.of(with(store, key, value + op.arg("value")));
            default -> throw new IllegalArgumentException("kv has no operation '" + op.f() + "'");
        };
    }

    private static Map<String, String> with(Map<String, String> store, String key, String value) {
        Map<String, String> copy = new HashMap<>(store);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    @Override
    public void validate(Operation op) {
        KeyValueSpec.validateKv(op);
    }

    @Override
    public String describeState(Map<String, String> store) {
        return Values.describe(new java.util.TreeMap<>(store));
    }

    @Override
    public String describeOperation(Operation op) {
        return KeyValueSpec.describeKv(op);
    }
}
