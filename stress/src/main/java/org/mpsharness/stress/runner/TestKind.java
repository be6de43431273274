package org.mpsharness.stress.runner;

/**
 * What a jcstress test of this project is for, from the prefix of its simple class name. The naming convention is the
 * contract between the tests and every runner (the CI check and {@code ./harness stress}).
 */
public enum TestKind {
    /** A design that must never show a forbidden outcome (any name not starting with a prefix below). */
    CORRECT,
    /** {@code Broken*}: a negative control (a seeded bug) that must show its forbidden outcome, or the test is blind. */
    CONTROL,
    /**
     * {@code WeakHw*}: a seeded memory-order bug that only weakly ordered hardware (ARM) or a reordering JIT can
     * expose; reported, never required (x86, the build machine, is TSO).
     */
    WEAK_HARDWARE,
    /**
     * {@code KnownBug*}: a test of a production design that shows a real, not yet fixed bug. Reported, not required,
     * and not selected by the CI check (it would fail the build until the bug is fixed; then it becomes Correct*).
     */
    KNOWN_BUG;

    /** Kind of the test with fully qualified (or simple) name {@code testName}; nested classes use their own name. */
    public static TestKind of(String testName) {
        String simple = testName.substring(Math.max(testName.lastIndexOf('.'), testName.lastIndexOf('$')) + 1);
        if (simple.startsWith("Broken")) {
            return CONTROL;
        }
        if (simple.startsWith("WeakHw")) {
            return WEAK_HARDWARE;
        }
        if (simple.startsWith("KnownBug")) {
            return KNOWN_BUG;
        }
        return CORRECT;
    }
}
