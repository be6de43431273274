package org.mpsharness.model.history;

import java.time.Duration;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;

/**
 * Validate, then decide: the one path from a {@link History} to a verdict, used by the command line, the workload's
 * recorded histories, the model's history check and the checker benchmark alike, so that they cannot drift apart in
 * what they accept as input.
 *
 * <p>Why each step is here rather than left to the caller:
 * <ul>
 *   <li>A history without a single operation is bad input, never "linearizable (0 operations)": an empty file, a
 *       recording cut off before its first event, or one whose every invocation failed, would otherwise pass.</li>
 *   <li>Every operation is shown to the spec ({@link Spec#validate}) before the search, so that an operation the spec
 *       does not understand (an unknown function, a missing field, a fractional id) is reported at its line instead
 *       of becoming a mysterious violation, or a crash, halfway through the search.</li>
 *   <li>The checker answers {@link org.mpsharness.model.lin.Verdict#UNKNOWN} when the heap runs out
 *       ({@link CheckResult#outOfMemory()}); callers turn that into exit code 3 with a hint, never a violation.</li>
 * </ul>
 */
public final class HistoryDecider {
    private final LinearizabilityChecker checker;

    /** Decides with {@code checker}'s settings (time limit, threads, violation windows). */
    public HistoryDecider(LinearizabilityChecker checker) {
        this.checker = checker;
    }

    /**
     * Validates {@code history} against {@code spec} and decides it within {@code limit}.
     *
     * @throws HistoryFormatException when the history has no operation, or the spec rejects one of them (naming the
     *                                source and the operation's line)
     */
    public static CheckResult decide(History history, Spec<?> spec, Duration limit) throws HistoryFormatException {
        return new HistoryDecider(new LinearizabilityChecker().withTimeLimit(limit)).decide(history, spec);
    }

    /** As {@link #decide(History, Spec, Duration)}, with this decider's checker. */
    public CheckResult decide(History history, Spec<?> spec) throws HistoryFormatException {
        validate(history, spec);
        try {
            return checker.check(spec, history.operations());
        } catch (IllegalArgumentException | ClassCastException e) {
            // validate() accepted every operation, so this is a spec whose step disagrees with its own validate
            throw new HistoryFormatException(history.source(), "spec '" + spec.name()
                    + "' cannot handle an operation: " + e.getMessage());
        }
    }

    /**
     * The checks that come before the search: at least one operation, and every one accepted by the spec.
     *
     * @throws HistoryFormatException as {@link #decide(History, Spec)}
     */
    public static void validate(History history, Spec<?> spec) throws HistoryFormatException {
        if (history.operations().isEmpty()) {
            throw new HistoryFormatException(history.source(), history.failed() == 0
                    ? "no operations (nothing was invoked: an empty or truncated recording has no verdict)"
                    : "no operations (all " + history.failed() + " invoked operations failed, so none took effect;"
                    + " nothing to decide)");
        }
        for (Operation op : history.operations()) {
            try {
                spec.validate(op);
            } catch (IllegalArgumentException | ClassCastException e) {
                throw new HistoryFormatException(history.source(), op.call(), e.getMessage());
            }
        }
    }
}
