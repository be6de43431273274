package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-verifies a pass without trusting the search: the witness must contain every operation that responded, each at
 * most once, in an order that respects real time, and some run of the spec must accept it in that order.
 */
final class LinearizationWitness {
    private LinearizationWitness() {
    }

    static <S> void assertValid(Spec<S> spec, List<Operation> history, CheckResult result) {
        assertThat(result.verdict()).isEqualTo(Verdict.OK);
        Set<Operation> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Operation, Boolean> inHistory = new IdentityHashMap<>();
        history.forEach(op -> inHistory.put(op, true));
        for (List<Operation> order : result.linearization()) {
            for (int i = 0; i < order.size(); i++) {
                Operation op = order.get(i);
                assertThat(inHistory).as("witness operation from the history").containsKey(op);
                assertThat(seen.add(op)).as("operation linearized twice: %s", op).isTrue();
                for (int j = i + 1; j < order.size(); j++) {
                    assertThat(order.get(j).ret() < op.call())
                            .as("%s linearized before %s, which returned before it was called", op, order.get(j))
                            .isFalse();
                }
            }
            assertThat(acceptedBy(spec, order)).as("spec accepts the witness order").isTrue();
        }
        for (Operation op : history) {
            if (op.hasReturn()) {
                assertThat(seen).as("every completed operation is linearized").contains(op);
            }
        }
    }

    /** Whether some run of the spec accepts the operations in this order (tracking every nondeterministic state). */
    static <S> boolean acceptedBy(Spec<S> spec, List<Operation> order) {
        Set<S> states = new HashSet<>(List.of(spec.init()));
        for (Operation op : order) {
            Set<S> next = new HashSet<>();
            for (S s : states) {
                next.addAll(spec.step(s, op));
            }
            if (next.isEmpty()) {
                return false;
            }
            states = next;
        }
        return true;
    }
}
