package org.mpsharness.app;

/**
 * The exit codes every {@code ./harness} command shares. Why fixed numbers rather than "non-zero": CI scripts and the
 * GPU runs branch on them — a violation (1) fails a build, bad input (2) is the caller's mistake, "unknown" (3) is no
 * verdict at all (a time or memory budget ran out) and must never be read as a pass or as a violation.
 */
public final class Command {
    /** Every check passed, every design ran clean. */
    public static final int OK = 0;
    /** A check failed or a violation was found. */
    public static final int VIOLATION = 1;
    /** Bad usage or input: one line on stderr, never a stack trace. */
    public static final int USAGE = 2;
    /** No verdict: a time or memory budget ran out, or a check crashed in the harness's own code. */
    public static final int UNKNOWN = 3;
    /** Interrupted (Ctrl-C, SIGINT): 128 + 2, as a shell reports it; partial results were written. */
    public static final int INTERRUPTED = 130;

    private Command() {
    }
}
