package org.mpsharness.model.check;

/**
 * What one check said about one implementation.
 *
 * @param check   check name
 * @param verdict PASS, FAIL (the check rejected the implementation) or ERROR (the check could not run it)
 * @param trace   for a failure: a reproducible trace (an interleaving, a history window, the failing step)
 * @param nanos   how long the check ran until its verdict
 */
public record CheckOutcome(String check, Verdict verdict, String trace, long nanos) {

    public enum Verdict { PASS, FAIL, ERROR }

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
