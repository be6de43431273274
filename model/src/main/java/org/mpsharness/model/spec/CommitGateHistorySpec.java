package org.mpsharness.model.spec;

import java.util.Arrays;
import java.util.List;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The commit gate's safety property as a step relation: a commit-and-continue may happen only while its stream is the
 * only active one. A plain commit is always allowed (the gate may be conservative).
 *
 * <ul>
 *   <li>{@code activate} / {@code deactivate}: input {@code {"stream": s}}; one more / one fewer user of stream s.</li>
 *   <li>{@code commit}: input {@code {"stream": s}}; output {@code true} for a commit-and-continue (legal only when s
 *       is active and no other stream is), {@code false} for a plain commit.</li>
 * </ul>
 * Not partitioned: the property relates all streams.
 */
public final class CommitGateHistorySpec implements Spec<CommitGateHistorySpec.Active> {
    public static final String NAME = "commit-gate";
    static final int STREAMS = 32;

    /** Users per stream. */
    public record Active(int[] users) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Active a && Arrays.equals(users, a.users);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(users);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("active:");
            for (int s = 0; s < STREAMS; s++) {
                if (users[s] > 0) {
                    sb.append(" stream ").append(s).append(users[s] > 1 ? " x" + users[s] : "");
                }
            }
            return sb.toString();
        }

        Active add(int s, int d) {
            int[] u = users.clone();
            u[s] += d;
            return new Active(u);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Active init() {
        return new Active(new int[STREAMS]);
    }

    @Override
    public List<Active> step(Active st, Operation op) {
        int s = ((Number) op.arg("stream")).intValue();
        switch (op.f()) {
            case "activate":
                return List.of(st.add(s, 1));
            case "deactivate":
                return st.users[s] > 0 ? List.of(st.add(s, -1)) : List.of();
            case "commit": {
                boolean sole = st.users[s] > 0;
                for (int k = 0; k < STREAMS && sole; k++) {
                    sole = k == s || st.users[k] == 0;
                }
                return op.outputMatches(false) || (op.outputMatches(true) && sole) ? List.of(st) : List.of();
            }
            default:
                throw new IllegalArgumentException("commit-gate has no operation '" + op.f() + "'");
        }
    }

    @Override
    public void validate(Operation op) {
        if (!List.of("activate", "deactivate", "commit").contains(op.f())) {
            throw new IllegalArgumentException("commit-gate has no operation '" + op.f()
                    + "' (it has activate, deactivate, commit)");
        }
        if (!(op.arg("stream") instanceof Long n && n >= 0 && n < STREAMS)) { // canonical: integral ids are Longs
            throw new IllegalArgumentException(op.f() + " needs {\"stream\": 0..31}, not "
                    + Values.describe(op.input()));
        }
    }
}
