package org.mpsharness.model.lin;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the checker found for one history.
 *
 * <p>{@link #linearization()} is the witness of an {@link Verdict#OK}: per partition, the operations in an order that
 * respects real time and that the spec accepts (operations of unknown outcome that never took effect are absent). It
 * lets a test, or a suspicious reader, re-verify a pass without trusting the search.
 */
public final class CheckResult {
    private final Verdict verdict;
    private final String spec;
    private final int operations;
    private final int partitions;
    private final int decided;
    private final Duration elapsed;
    private final Duration timeLimit;
    private final ViolationWindow window;
    private final List<List<Operation>> linearization;
    private final boolean outOfMemory;

    CheckResult(Verdict verdict, String spec, int operations, int partitions, int decided, Duration elapsed,
                Duration timeLimit, ViolationWindow window, List<List<Operation>> linearization, boolean outOfMemory) {
        this.verdict = verdict;
        this.spec = spec;
        this.operations = operations;
        this.partitions = partitions;
        this.decided = decided;
        this.elapsed = elapsed;
        this.timeLimit = timeLimit;
        this.window = window;
        this.linearization = linearization;
        this.outOfMemory = outOfMemory;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** True only for {@link Verdict#OK}. */
    public boolean isLinearizable() {
        return verdict == Verdict.OK;
    }

    public String spec() {
        return spec;
    }

    public int operations() {
        return operations;
    }

    public int partitions() {
        return partitions;
    }

    /** Partitions whose verdict was reached (all of them unless the time limit ran out or a violation cut it short). */
    public int decidedPartitions() {
        return decided;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** The time limit the check ran under; for {@link Verdict#UNKNOWN}, the limit that was reached. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * True when the heap ran out: for {@link Verdict#UNKNOWN}, the reason there is no verdict (rather than the time
     * limit); for {@link Verdict#VIOLATION}, the reason there is no window (the verdict itself was reached).
     */
    public boolean outOfMemory() {
        return outOfMemory;
    }

    /** For a {@link Verdict#VIOLATION} checked with windows on: the failing window. */
    public Optional<ViolationWindow> window() {
        return Optional.ofNullable(window);
    }

    /** For {@link Verdict#OK}: a linearization per partition; empty otherwise. */
    public List<List<Operation>> linearization() {
        return linearization;
    }

    /** One line: the verdict and what it rests on. */
    public String summary() {
        String size = operations + " operations, " + partitions + (partitions == 1 ? " partition" : " partitions");
        return switch (verdict) {
            case OK -> "linearizable (" + spec + "; " + size + "; " + seconds(elapsed) + ")";
            case VIOLATION -> "NOT linearizable (" + spec + "; " + size + "; " + seconds(elapsed) + ")";
            case UNKNOWN -> (outOfMemory ? "UNKNOWN: out of memory after " + seconds(elapsed)
                    : "UNKNOWN: no verdict within the time limit of " + seconds(timeLimit)) + " (" + spec + "; "
                    + size + "; " + decided + " decided)";
        };
    }

    /** The summary, followed for a violation by the window report. */
    public String describe() {
        if (window != null) {
            return summary() + "\n" + window.report();
        }
        return verdict == Verdict.VIOLATION && outOfMemory
                ? summary() + "\n(no violation window: out of memory while computing it)" : summary();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }

    @Override
    public String toString() {
        return summary();
    }
}
