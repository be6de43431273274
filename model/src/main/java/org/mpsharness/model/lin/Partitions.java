package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Helpers for {@link Spec#partition}. Splitting a history by the part of the object each operation touches (a key, a
 * slot, a pool) is what keeps the search small: the cost grows with the concurrency inside one part, not across all.
 */
public final class Partitions {
    private Partitions() {
    }

    /**
     * Groups operations by {@code key}, keeping the history order inside each group and ordering groups by their first
     * operation. Operations whose key is {@code null} form a group of their own.
     */
    public static List<List<Operation>> byKey(List<Operation> history, Function<Operation, ?> key) {
        Map<Object, List<Operation>> groups = new LinkedHashMap<>();
        for (Operation op : history) {
            groups.computeIfAbsent(new KeyBox(key.apply(op)), k -> new ArrayList<>()).add(op);
        }
        return List.copyOf(groups.values());
    }

    /** Lets a {@code null} key be a map key, and makes integral keys of different boxed types the same key. */
    private record KeyBox(Object key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KeyBox other && Values.same(key, other.key);
        }

        @Override
        public int hashCode() {
            return key instanceof Number n && Values.same(n, n.longValue()) ? Long.hashCode(n.longValue())
                    : key == null ? 0 : key.hashCode();
        }
    }
}
