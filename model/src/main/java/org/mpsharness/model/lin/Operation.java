package org.mpsharness.model.lin;

import java.util.Map;

/**
 * One operation of a concurrent history: what a process asked for, what it got back, and the interval of the history
 * during which it was running.
 *
 * <p>{@code call} and {@code ret} are positions in one total order of the history's events (line numbers of a file,
 * event indices, or timestamps). Operation A precedes operation B in real time exactly when {@code A.ret < B.call};
 * otherwise they overlap and may be linearized in either order. When positions tie, the invocation is taken to come
 * first, so the two operations overlap.
 *
 * <p>An operation whose outcome is unknown (it crashed, timed out, or the history ended before it completed) has
 * {@code output == UNKNOWN} and {@code ret == NEVER}: it may or may not have taken effect, at any point after its
 * invocation, and any output is acceptable. This is the Jepsen/Knossos meaning of {@code :info}.
 *
 * @param process the process (client, thread) that ran the operation; a process runs one operation at a time
 * @param f       the function name, e.g. {@code "write"} or {@code "acquire"}
 * <p>Input and output are kept in their canonical form ({@link Values#canonical}): whatever the source of the
 * operation, the partitioner, the spec's step and every comparison see {@code 1}, {@code 1.0} and {@code Integer 1}
 * as the one value {@code 1L}.
 *
 * @param input   the argument: any immutable value ({@code null}, a number, a string, a list, a map); the spec decides
 * @param output  the result, or {@link #UNKNOWN} when nobody saw it
 * @param call    position of the invocation
 * @param ret     position of the response, or {@link #NEVER} when the operation has no response
 */
public record Operation(int process, String f, Object input, Object output, long call, long ret) {

    /** The output of an operation whose result nobody observed: every output is acceptable. */
    public static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "?";
        }
    };

    /** The return position of an operation that never responded: it may take effect at any time after its call. */
    public static final long NEVER = Long.MAX_VALUE;

    public Operation {
        if (f == null || f.isEmpty()) {
            throw new IllegalArgumentException("an operation needs a function name");
        }
        if (ret < call) {
            throw new IllegalArgumentException(f + ": returns at " + ret + " before its call at " + call);
        }
        input = Values.canonical(input);
        output = output == UNKNOWN ? UNKNOWN : Values.canonical(output);
    }

    /** An operation that completed with a known output. */
    public static Operation completed(int process, String f, Object input, Object output, long call, long ret) {
        if (ret == NEVER) {
            throw new IllegalArgumentException(f + ": a completed operation needs a return position");
        }
        return new Operation(process, f, input, output, call, ret);
    }

    /** An operation whose outcome is unknown: it may take effect at any time after {@code call}, or never. */
    public static Operation unknownOutcome(int process, String f, Object input, long call) {
        return new Operation(process, f, input, UNKNOWN, call, NEVER);
    }

    /** True when the operation responded, so it must have taken effect before {@link #ret()}. */
    public boolean hasReturn() {
        return ret != NEVER;
    }

    public boolean outputKnown() {
        return output != UNKNOWN;
    }

    /**
     * Whether the observed output is consistent with {@code expected}: always when the output is unknown, otherwise
     * when their canonical forms are equal (so a spec may compute with {@code int} or {@code long}).
     * This is the one comparison a spec's step usually needs.
     */
    public boolean outputMatches(Object expected) {
        return output == UNKNOWN || Values.same(output, expected);
    }

    /** The named field of a map input, e.g. {@code op.arg("key")}; {@code null} when absent or not a map. */
    public Object arg(String name) {
        return input instanceof Map<?, ?> m ? m.get(name) : null;
    }

    /** A copy of this operation that has no response (so it is optional to the search) but keeps its output. */
    Operation withoutReturn() {
        return new Operation(process, f, input, output, call, NEVER);
    }

    @Override
    public String toString() {
        return "process " + process + " " + f + " " + Values.describe(input) + " -> " + Values.describe(output)
                + " [" + call + ", " + (ret == NEVER ? "never" : Long.toString(ret)) + "]";
    }
}
