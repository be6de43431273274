package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates large histories with a known verdict, for benchmarks: a key-value store (spec {@code kv}) run by
 * concurrent processes, each operation taking effect at a random moment between its invocation and its response, so
 * the history is linearizable by construction. A small share of writes crash (unknown outcome: they never respond,
 * and crash before or after taking effect, at random), as recorded runs have. Optionally one read near the end is
 * corrupted, which makes the history not linearizable.
 */
public final class SyntheticHistories {
    private SyntheticHistories() {
    }

    /**
     * @param operations number of operations
     * @param keys       number of independent keys (partitions)
     * @param processes  concurrent processes
     * @param crashRate  share of operations with an unknown outcome
     * @param corrupt    whether to falsify one read near the end
     */
    public static List<Operation> keyValue(int operations, int keys, int processes, double crashRate, boolean corrupt,
                                           long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, String> store = new HashMap<>();
        record Running(String f, Map<String, Object> input, long call, Object output, boolean applied) {
        }
        Running[] running = new Running[processes];
        List<Operation> ops = new ArrayList<>(operations);
        long position = 0;
        int invoked = 0;
        int open = 0;
        while (invoked < operations || open > 0) {
            int p = rnd.nextInt(processes);
            Running r = running[p];
            if (r == null) {
                if (invoked == operations) {
                    continue;
                }
                String key = "k" + rnd.nextInt(keys);
                String f = rnd.nextInt(3) == 0 ? "put" : "get";
                Map<String, Object> input = new LinkedHashMap<>();
                input.put("key", key);
                if (f.equals("put")) {
                    input.put("value", "v" + invoked);
                }
                running[p] = new Running(f, Collections.unmodifiableMap(input), ++position, null, false);
                invoked++;
                open++;
            } else if (!r.applied() && r.f().equals("put") && rnd.nextDouble() < crashRate / 2) {
                // crashed before taking effect
                running[p] = null;
                open--;
                ops.add(Operation.unknownOutcome(p, r.f(), r.input(), r.call()));
            } else if (!r.applied()) {
                // the linearization point
                String key = (String) r.input().get("key");
                Object output = null;
                if (r.f().equals("put")) {
                    store.put(key, (String) r.input().get("value"));
                } else {
                    output = store.getOrDefault(key, "");
                }
                running[p] = new Running(r.f(), r.input(), r.call(), output, true);
            } else {
                running[p] = null;
                open--;
                if (r.f().equals("put") && rnd.nextDouble() < crashRate / 2) {
                    // crashed after taking effect
                    ops.add(Operation.unknownOutcome(p, r.f(), r.input(), r.call()));
                } else {
                    ops.add(Operation.completed(p, r.f(), r.input(), r.output(), r.call(), ++position));
                }
            }
        }
        ops.sort(Comparator.comparingLong(Operation::call));
        if (corrupt) {
            for (int i = ops.size() * 9 / 10; i < ops.size(); i++) {
                Operation op = ops.get(i);
                if (op.f().equals("get") && op.hasReturn()) {
                    ops.set(i, Operation.completed(op.process(), op.f(), op.input(), "never written", op.call(),
                            op.ret()));
                    break;
                }
            }
        }
        return ops;
    }
}
