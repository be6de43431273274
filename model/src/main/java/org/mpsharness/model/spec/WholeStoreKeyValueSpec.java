package org.mpsharness.model.spec;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The key-value store of {@link KeyValueSpec} checked as one object, without partitioning by key: its state is the
 * whole map. It decides the same histories, only much more slowly, because the search can no longer treat keys
 * separately; it exists to measure what partitioning buys and to cross-check the partitioned spec.
 */
public final class WholeStoreKeyValueSpec implements Spec<WholeStoreKeyValueSpec.Store> {
    public static final String NAME = "kv-whole";

    /**
     * The store's content. Its hash is computed once: the search hashes every state it memoizes, and a map would
     * recompute it over all entries each time.
     */
    public static final class Store {
        private static final Store EMPTY = new Store(Map.of());
        private final Map<String, String> values;
        private final int hash;

        private Store(Map<String, String> values) {
            this.values = values;
            this.hash = values.hashCode();
        }

        public Map<String, String> values() {
            return values;
        }

        String get(String key) {
            return values.getOrDefault(key, "");
        }

        Store with(String key, String value) {
            Map<String, String> copy = new HashMap<>(values);
            copy.put(key, value);
            return new Store(Collections.unmodifiableMap(copy));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Store s && s.hash == hash && s.values.equals(values);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return Values.describe(new TreeMap<>(values));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Store init() {
        return Store.EMPTY;
    }

    @Override
    public List<Store> step(Store store, Operation op) {
        String key = (String) op.arg("key");
        String value = store.get(key);
        return switch (op.f()) {
            case "get" -> op.outputMatches(value) ? List.of(store) : List.of();
            case "put" -> List.of(store.with(key, (String) op.arg("value")));
            case "append" -> List.of(store.with(key, value + op.arg("value")));
            default -> throw new IllegalArgumentException("kv has no operation '" + op.f() + "'");
        };
    }

    @Override
    public void validate(Operation op) {
        KeyValueSpec.validateKv(op);
    }

    @Override
    public String describeOperation(Operation op) {
        return KeyValueSpec.describeKv(op);
    }
}
