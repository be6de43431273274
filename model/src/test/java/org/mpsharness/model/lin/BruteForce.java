package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of linearizability, executed literally for tiny histories: try every order of the operations that
 * respects real time (an operation may go next only if no operation still to place returned before it was called),
 * every choice of which unknown-outcome operations take effect, and every nondeterministic state. No memoization, no
 * linked lists, nothing clever, so that it can referee the real checker.
 */
final class BruteForce {
    private BruteForce() {
    }

    static <S> boolean linearizable(Spec<S> spec, List<Operation> ops) {
        return search(spec, ops, new boolean[ops.size()], spec.init());
    }

    private static <S> boolean search(Spec<S> spec, List<Operation> ops, boolean[] placed, S state) {
        boolean allRequiredPlaced = true;
        for (int i = 0; i < ops.size(); i++) {
            if (!placed[i] && ops.get(i).hasReturn()) {
                allRequiredPlaced = false;
            }
        }
        if (allRequiredPlaced) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i] || !mayGoNext(ops, placed, i)) {
                continue;
            }
            placed[i] = true;
            for (S next : spec.step(state, ops.get(i))) {
                if (search(spec, ops, placed, next)) {
                    placed[i] = false;
                    return true;
                }
            }
            placed[i] = false;
        }
        return false;
    }

    private static boolean mayGoNext(List<Operation> ops, boolean[] placed, int candidate) {
        for (int j = 0; j < ops.size(); j++) {
            if (!placed[j] && j != candidate && ops.get(j).ret() < ops.get(candidate).call()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The history as it stood just after position {@code cut}: operations called by then, those that had not
     * returned by then made optional (they may or may not have taken effect yet) but keeping their output.
     */
    static List<Operation> prefix(List<Operation> ops, long cut) {
        List<Operation> prefix = new ArrayList<>();
        for (Operation op : ops) {
            if (op.call() <= cut) {
                prefix.add(op.hasReturn() && op.ret() > cut ? op.withoutReturn() : op);
            }
        }
        return prefix;
    }
}
