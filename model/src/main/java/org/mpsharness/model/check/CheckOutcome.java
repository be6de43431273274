package org.mpsharness.model.check;

/**
 * What one check said about one implementation.
 *
 * @param check   check name
 * @param verdict see {@link Verdict}
 * @param trace   for anything but a pass: a reproducible trace (an interleaving, a history window, the failing step),
 *                the harness's own stack trace for an error, or the thread dump of a time-out
 * @param nanos   how long the check ran until its verdict
 */
public record CheckOutcome(String check, Verdict verdict, String trace, long nanos) {

    /**
     * The four answers a check can give. Only {@link #FAIL} is a rejection of the design: an {@link #ERROR} is a defect
     * of the harness (it must never count as catching a bug), a {@link #TIMEOUT} is no verdict at all.
     */
    public enum Verdict {
        /** The check ran to the end and found nothing wrong. */
        PASS,
        /** The check rejected the implementation (a violated property, an exception thrown by the design's code). */
        FAIL,
        /** The check itself crashed: its own code threw, Lincheck reported a bug of its own, the heap ran out. */
        ERROR,
        /** The check did not finish within its time limit (the trace is a thread dump). */
        TIMEOUT
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /** True only for {@link Verdict#FAIL}: the design was rejected. */
    public boolean rejected() {
        return verdict == Verdict.FAIL;
    }

    /** True for every verdict but {@link Verdict#PASS} (a correct design must not get any of them). */
    public boolean failed() {
        return verdict != Verdict.PASS;
    }

    /** The first {@code lines} lines of the trace (Lincheck's detailed traces run to megabytes). */
    public String shortTrace(int lines) {
        if (trace == null) {
            return "";
        }
        String[] all = trace.split("\n", lines + 1);
        return String.join("\n", java.util.Arrays.copyOf(all, Math.min(lines, all.length)))
                + (all.length > lines ? "\n  ..." : "");
    }
}
