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
     * operation. Keys are compared in their canonical form ({@link Values#canonical}), the same form the spec's step
     * sees, so that two spellings of one id are one part, never two. Operations whose key is {@code null} form a
     * group of their own.
     */
    public static List<List<Operation>> byKey(List<Operation> history, Function<Operation, ?> key) {
        Map<Object, List<Operation>> groups = new LinkedHashMap<>();
        for (Operation op : history) {
            groups.computeIfAbsent(Values.canonical(key.apply(op)), k -> new ArrayList<>()).add(op); // null allowed
        }
        return List.copyOf(groups.values());
    }
}
