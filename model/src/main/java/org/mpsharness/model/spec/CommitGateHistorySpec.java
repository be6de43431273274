package org.mpsharness.model.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Values;

/**
 * The commit gate's safety property as a step relation: a commit-and-continue may start only while its stream is the
 * only active one, and while it is <em>in progress</em> no other stream may become active. A plain commit is always
 * allowed (the gate may be conservative).
 *
 * <p>Why begin and end are separate events: the property is about an interval. A history with one {@code commit}
 * event per decision can only say "at some instant the stream was alone"; it cannot reject a second stream whose
 * activation finished while the continue was still running — the case the gate exists to prevent. With
 * {@code beginContinue} and {@code endContinue} the continue is part of the state between the two, and an
 * {@code activate} of another stream cannot be placed inside it.
 *
 * <ul>
 *   <li>{@code activate} / {@code deactivate}: input {@code {"stream": s}}; one more / one fewer user of stream s. An
 *       activation of s cannot take effect while a continue of another stream is in progress.</li>
 *   <li>{@code beginContinue}: input {@code {"stream": s}}; output {@code true} (the gate allowed a
 *       commit-and-continue: legal only when s is active, no other stream is, and no other stream's continue is in
 *       progress; the continue is then in progress) or {@code false} (a plain commit).</li>
 *   <li>{@code endContinue}: input {@code {"stream": s}}; ends one continue of s in progress (output ignored).</li>
 *   <li>{@code commit}: input {@code {"stream": s}}; output {@code true}/{@code false}: a decision and its continue
 *       as one event (histories recorded before begin and end were separate).</li>
 * </ul>
 * Not partitioned: the property relates all streams.
 */
public final class CommitGateHistorySpec implements Spec<CommitGateHistorySpec.Active> {
    public static final String NAME = "commit-gate";
    static final int STREAMS = 32;
    private static final List<String> OPERATIONS = List.of("activate", "deactivate", "beginContinue", "endContinue",
            "commit");

    /** Users per stream and continues in progress per stream. */
    public record Active(int[] users, int[] continuing) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Active a && Arrays.equals(users, a.users) && Arrays.equals(continuing, a.continuing);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(users) + Arrays.hashCode(continuing);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("active:");
            for (int s = 0; s < STREAMS; s++) {
                if (users[s] > 0) {
                    sb.append(" stream ").append(s).append(users[s] > 1 ? " x" + users[s] : "");
                }
            }
            for (int s = 0; s < STREAMS; s++) {
                if (continuing[s] > 0) {
                    sb.append("; continue in progress on stream ").append(s);
                }
            }
            return sb.toString();
        }

        Active users(int s, int d) {
            int[] u = users.clone();
            u[s] += d;
            return new Active(u, continuing);
        }

        Active continuing(int s, int d) {
            int[] c = continuing.clone();
            c[s] += d;
            return new Active(users, c);
        }

        /** s has users and no other stream has any. */
        boolean sole(int s) {
            if (users[s] == 0) {
                return false;
            }
            for (int k = 0; k < STREAMS; k++) {
                if (k != s && users[k] > 0) {
                    return false;
                }
            }
            return true;
        }

        /** A continue of a stream other than s is in progress. */
        boolean otherContinuing(int s) {
            for (int k = 0; k < STREAMS; k++) {
                if (k != s && continuing[k] > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Active init() {
        return new Active(new int[STREAMS], new int[STREAMS]);
    }

    @Override
    public List<Active> step(Active st, Operation op) {
        int s = ((Number) op.arg("stream")).intValue();
        switch (op.f()) {
            case "activate":
                return st.otherContinuing(s) ? List.of() : List.of(st.users(s, 1));
            case "deactivate":
                return st.users[s] > 0 ? List.of(st.users(s, -1)) : List.of();
            case "beginContinue": {
                List<Active> next = new ArrayList<>(2);
                if (op.outputMatches(false)) {
                    next.add(st);
                }
                if (op.outputMatches(true) && st.sole(s) && !st.otherContinuing(s)) {
                    next.add(st.continuing(s, 1));
                }
                return next;
            }
            case "endContinue":
                return st.continuing[s] > 0 ? List.of(st.continuing(s, -1)) : List.of();
            case "commit":
                return op.outputMatches(false) || (op.outputMatches(true) && st.sole(s)) ? List.of(st) : List.of();
            default:
                throw new IllegalArgumentException("commit-gate has no operation '" + op.f() + "'");
        }
    }

    @Override
    public void validate(Operation op) {
        if (!OPERATIONS.contains(op.f())) {
            throw new IllegalArgumentException("commit-gate has no operation '" + op.f() + "' (it has "
                    + String.join(", ", OPERATIONS) + ")");
        }
        if (!(op.arg("stream") instanceof Long n && n >= 0 && n < STREAMS)) { // canonical: integral ids are Longs
            throw new IllegalArgumentException(op.f() + " needs {\"stream\": 0..31}, not "
                    + Values.describe(op.input()));
        }
    }
}
