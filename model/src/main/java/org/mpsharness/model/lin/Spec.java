package org.mpsharness.model.lin;

import java.util.List;

/**
 * A sequential specification, written as a step relation so that it may be nondeterministic.
 *
 * <p>The checker never asks a spec to produce an output; it asks whether an operation, with the output that was
 * observed, could have happened in a given state, and which states could follow. That is what makes specs short and
 * lets them say "acquire returns any free slot" (accept any free slot as output) or "a lossy write may or may not
 * stick" (return two next states) without enumerating outputs.
 *
 * <p>Contract:
 * <ul>
 *   <li>States are immutable values with {@code equals}/{@code hashCode} (records are ideal) and never {@code null}:
 *       the checker memoizes (set of linearized operations, state) pairs and must recognise a state it has seen.</li>
 *   <li>{@link #step} must be a pure function (partitions are searched on several threads at once). When
 *       {@code op.output()} is {@link Operation#UNKNOWN}, every output is acceptable, so return every state the
 *       operation could lead to under any output ({@link Operation#outputMatches} gets this right for free).</li>
 *   <li>{@link #partition} may split a history into sub-histories over independent parts of the object (per key, per
 *       slot, per pool). By P-compositionality the history is linearizable exactly when every part is, and each part
 *       is checked from {@link #init(List)} (by default {@link #init()}), and the parts must really not
 *       interact.</li>
 * </ul>
 *
 * <p>Example, a pool of slots where acquire returns any free slot (nondeterministic output), checked per pool:
 * <pre>{@code
 * record Taken(long mask) {}
 * class SlotPool implements Spec<Taken> {
 *     public String name() { return "slot-pool"; }
 *     public Taken init() { return new Taken(0); }
 *     public List<Taken> step(Taken t, Operation op) {
 *         List<Taken> next = new ArrayList<>();
 *         switch (op.f()) {
 *             case "acquire" -> {                     // output: the slot; unknown output: any free slot
 *                 for (int s = 0; s < 64; s++)
 *                     if ((t.mask() & 1L << s) == 0 && op.outputMatches(s)) next.add(new Taken(t.mask() | 1L << s));
 *             }
 *             case "release" -> {                     // input {"pool": p, "slot": s}
 *                 int s = ((Number) op.arg("slot")).intValue();
 *                 if ((t.mask() & 1L << s) != 0) next.add(new Taken(t.mask() & ~(1L << s)));
 *             }
 *             default -> throw new IllegalArgumentException("slot pool has no " + op.f());
 *         }
 *         return next;
 *     }
 *     public List<List<Operation>> partition(List<Operation> h) { return Partitions.byKey(h, op -> op.arg("pool")); }
 * }
 * }</pre>
 *
 * @param <S> the state type
 */
public interface Spec<S> {

    /** The name under which the spec is registered, e.g. {@code "register"}. */
    String name();

    /** The state before any operation (of one partition, when the spec partitions). */
    S init();

    /**
     * The states the object may be in after {@code op} runs in {@code state}, given the output the operation
     * returned; empty when the operation could not have returned that output in that state.
     */
    List<S> step(S state, Operation op);

    /**
     * Rejects operations this spec does not understand (unknown function, input of the wrong shape) by throwing
     * {@link IllegalArgumentException} with a one-line reason. Called once per operation before the search, so that a
     * malformed history is bad input rather than a mysterious violation.
     */
    default void validate(Operation op) {
    }

    /** Splits a history into independently checkable parts; by default the whole history is one part. */
    default List<List<Operation>> partition(List<Operation> history) {
        return List.of(history);
    }

    /**
     * The initial state of the part of the object that {@code part} (one result of {@link #partition}) acts on; by
     * default {@link #init()}. Override when parts start differently, e.g. per-slot capacities.
     */
    default S init(List<Operation> part) {
        return init();
    }

    /** How a state is shown to a person in a violation report. */
    default String describeState(S state) {
        return String.valueOf(state);
    }

    /** How an operation is shown to a person, e.g. {@code cas [1, 4] -> true}. */
    default String describeOperation(Operation op) {
        String in = op.input() == null ? "" : " " + Values.describe(op.input());
        return op.f() + in + " -> " + Values.describe(op.output());
    }
}
