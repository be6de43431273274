package org.mpsharness.model.lincheck;

/**
 * Lincheck gave up on one invocation because it ran longer than Lincheck's wall-clock bound (30 s in Lincheck 3.7,
 * {@code CTestConfiguration.DEFAULT_TIMEOUT_MS}; Lincheck reports it as "The execution has hung, see the thread
 * dump"), twice in a row. Not a verdict on the design: the bound counts real time, including Lincheck's lazy
 * re-instrumentation of every class an invocation touches first, so a loaded machine trips it on a correct design.
 * Deadlocks and livelocks are found by model checking without any clock ("The execution has hung", no thread dump),
 * and those stay failures. The check reports this as a time-out.
 */
public final class LincheckTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LincheckTimeout(String lincheckReport) {
        super("Lincheck's per-invocation wall-clock bound tripped on two attempts (a loaded machine, or a design "
                + "that blocks where Lincheck cannot see it); Lincheck's last report:\n" + lincheckReport);
    }
}
