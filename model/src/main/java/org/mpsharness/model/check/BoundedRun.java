package org.mpsharness.model.check;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/**
 * Runs one check on its own thread and gives it a time limit: a check that has not finished by then is a
 * {@link Verdict#TIMEOUT} whose trace is the {@linkplain ThreadDump thread dump} taken at that moment.
 *
 * <p>Why a thread and not a cooperative deadline: a design that spins or blocks never looks at a deadline, and the
 * caller (the catalog test, the check JVM) must get its answer anyway. The abandoned thread is a daemon and is
 * interrupted; it may go on running, which is why the {@code check} command runs the checks in a JVM of their own and
 * ends it after a time-out ({@link CheckMain}).
 */
final class BoundedRun {
    private BoundedRun() {
    }

    static CheckOutcome run(Check check, Class<?> impl, Component c, Duration limit) {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        AtomicReference<CheckOutcome> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(runHere(check, impl, c)), "check-" + check.name());
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CheckOutcome done = result.get();
        if (done != null) {
            return done;
        }
        String dump = ThreadDump.of(Thread.currentThread(), impl.getName());
        worker.interrupt();
        long cpu = processCpuNanos() - cpu0;
        return new CheckOutcome(check.name(), Verdict.TIMEOUT, "did not finish within " + seconds(limit)
                + (cpu0 < 0 ? "" : String.format(" (the JVM used %.0f s of CPU meanwhile, on %d cores: a "
                + "blocked design uses none, a spinning one a core per thread, a loaded machine gives less)",
                cpu / 1e9, Runtime.getRuntime().availableProcessors())) + "; the threads at that moment (* marks "
                + "frames of " + impl.getName() + "):\n" + dump, System.nanoTime() - t0);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    /** CPU time of this JVM, or -1 where the platform does not tell. */
    private static long processCpuNanos() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime();
            }
        } catch (LinkageError e) {
            // a runtime without the jdk.management module (a jlinked one): the figure is only a hint
        }
        return -1;
    }

    /** Runs the check on the calling thread; a throwable is a FAIL or an ERROR by {@link FaultAttribution}. */
    static CheckOutcome runHere(Check check, Class<?> impl, Component c) {
        long t0 = System.nanoTime();
        try {
            check.run(impl, c);
            return new CheckOutcome(check.name(), Verdict.PASS, null, System.nanoTime() - t0);
        } catch (Throwable e) {
            return new CheckOutcome(check.name(), FaultAttribution.classify(e), describe(e), System.nanoTime() - t0);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        StringBuilder sb = new StringBuilder(e.getClass().getName() + (m == null ? "" : ": " + m));
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            sb.append("\n\tat ").append(st[i]);
        }
        Throwable c = e.getCause();
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            sb.append("\ncaused by ").append(c);
            StackTraceElement[] cs = c.getStackTrace();
            for (int i = 0; i < Math.min(4, cs.length); i++) {
                sb.append("\n\tat ").append(cs[i]);
            }
        }
        return sb.toString();
    }
}
