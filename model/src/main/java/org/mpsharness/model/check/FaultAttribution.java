package org.mpsharness.model.check;

import java.util.IdentityHashMap;
import java.util.Map;
import org.mpsharness.model.check.CheckOutcome.Verdict;
import org.mpsharness.model.lincheck.LincheckTimeout;

/**
 * Decides whose fault a throwable that ended a check is: the design's (the check rejected it: {@link Verdict#FAIL}) or
 * the harness's ({@link Verdict#ERROR}, which must never count as catching a bug); or that it is no verdict at all
 * ({@link Verdict#TIMEOUT}: Lincheck's wall-clock bound, {@link LincheckTimeout}).
 *
 * <p>Why it is needed: a check rejects a design by throwing, and so does a crashing check. Counting both as a
 * rejection made a harness defect look like a caught bug (issue 10: Lincheck's {@code ClassNotFoundException} for a
 * class given by {@code --jar} "caught" every correct design).
 *
 * <p>The rule, in order:
 * <ol>
 *   <li>{@link LincheckTimeout}: TIMEOUT;</li>
 *   <li>{@link OutOfMemoryError} and other {@link VirtualMachineError}s but {@link StackOverflowError}: ERROR (a
 *       budget, not a verdict);</li>
 *   <li>Lincheck's report of an internal bug ("You've caught a bug in Lincheck"): ERROR;</li>
 *   <li>any other {@link AssertionError} (a check's own rejection, Lincheck's failure reports): FAIL;</li>
 *   <li>otherwise each throwable of the cause chain is attributed to the first frame of its stack that is not JDK
 *       code: harness code (the checks, Lincheck subjects and specs, the checker, the workload driver) or Lincheck
 *       itself is the harness's side; anything else (the design, the core classes it builds on, the simulated device
 *       that refuses misuse) is the design's. FAIL when any throwable of the chain comes from the design's side (a
 *       design exception wrapped by the harness, or a harness exception that the design wrapped), else ERROR.</li>
 * </ol>
 * A design's {@code NullPointerException} inside a {@code ConcurrentHashMap} it uses is the design's: the JDK frames
 * above its own are skipped. Lincheck's instrumentation runs inside the design's methods, so its frames count as the
 * harness's even when design frames lie below them.
 */
public final class FaultAttribution {
    /** Lincheck's wording when it catches an exception of its own. */
    static final String LINCHECK_INTERNAL_BUG = "caught a bug in Lincheck";

    private static final String[] HARNESS = {
        // Lincheck, its instrumentation (injected into the design's methods, in a sun.* package) and its runtime
        "sun.nio.ch.lincheck.", "org.jetbrains.", "kotlin.", "kotlinx.", "net.bytebuddy.",
        // the checks and everything they drive the design with
        "org.mpsharness.model.check.", "org.mpsharness.model.lincheck.", "org.mpsharness.model.lin.",
        "org.mpsharness.model.history.", "org.mpsharness.model.spec.", "org.mpsharness.model.catalog.",
        "org.mpsharness.core.workload.", "org.mpsharness.core.design.",
    };
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private FaultAttribution() {
    }

    /** FAIL when {@code t} is the design's fault, ERROR when it is the harness's, TIMEOUT for Lincheck's clock. */
    public static Verdict classify(Throwable t) {
        if (t instanceof LincheckTimeout) {
            return Verdict.TIMEOUT;
        }
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            return Verdict.ERROR;
        }
        if (t instanceof AssertionError) {
            String m = t.getMessage();
            return m != null && m.contains(LINCHECK_INTERNAL_BUG) ? Verdict.ERROR : Verdict.FAIL;
        }
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            StackTraceElement origin = firstNonJdkFrame(c);
            if (origin != null && !isHarness(origin.getClassName())) {
                return Verdict.FAIL;
            }
        }
        return Verdict.ERROR;
    }

    static StackTraceElement firstNonJdkFrame(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String cls = e.getClassName();
            if (isHarness(cls) || !startsWithAny(cls, JDK)) {
                return e;
            }
        }
        return null;
    }

    static boolean isHarness(String className) {
        return startsWithAny(className, HARNESS);
    }

    private static boolean startsWithAny(String s, String[] prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
