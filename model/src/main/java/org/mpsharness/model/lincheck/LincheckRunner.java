package org.mpsharness.model.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.mpsharness.core.lock.LockOrderChecker;

/**
 * Runs a Lincheck subject in model-checking and stress modes with the project's settings: quick (CI: 2 threads, few
 * iterations, the CI machine has 2 cores) or thorough (system property {@code harness.thorough=true}).
 */
public final class LincheckRunner {
    /**
     * Iterations of one loop before the model checker forces a thread switch. Lincheck's default (10) treats any longer
     * loop as a possible spin: a scan of the 31 slots or 32 streams (twice, to confirm "none free") is then always
     * interrupted at the same place, the interleavings where it completes first are never explored (a lost wake-up
     * and the counting gate's ABA went unseen), and a scan in a custom scenario's init part left a single
     * interleaving. Measured with Lincheck 3.7.
     */
    static final int SCAN_ITERATIONS = 64;
    /**
     * Iterations of one loop before model checking calls an execution a livelock: well above the switch point, or a
     * spin-wait is declared hung before the thread it waits for runs; and above Lincheck's default of 50, which calls
     * a contended ReentrantLock's acquire loop (where it models spurious wake-ups) a livelock with three threads.
     */
    static final int LOOP_BOUND = 10 * SCAN_ITERATIONS;
    private LincheckRunner() {
    }

    public static boolean thorough() {
        return Boolean.getBoolean("harness.thorough");
    }

    /**
     * Model checking: explores interleavings under sequential consistency. Throws on a violation. The lock-order
     * checker is switched off meanwhile: it is a check of its own, and its thread-local bookkeeping would multiply
     * the interleavings Lincheck has to explore.
     */
    public static void modelCheck(Class<?> subject, Class<?> spec, ExecutionScenario... custom) {
        modelCheck(subject, spec, 10, 200, custom);
    }

    /**
     * Model checking with {@code quickIterations} random scenarios of {@code quickInvocations} interleavings each in
     * quick mode (100 × 5,000 when thorough), after the custom scenarios.
     */
    public static void modelCheck(Class<?> subject, Class<?> spec, int quickIterations, int quickInvocations,
                                  ExecutionScenario... custom) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            modelCheck0(subject, spec, thorough() ? 100 : quickIterations, thorough() ? 5_000 : quickInvocations,
                    custom);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    /**
     * Model checking with {@code quickThreads} threads in quick mode too (at least 3 when thorough), for subjects
     * whose bugs need three parties (the commit gate: two users of one stream and a third stream). Thorough: 30
     * scenarios × 1,000 interleavings, 4 actors per thread — a three-thread invocation costs about 15 ms on the 2-core
     * build machine, so the two-thread budget (100 × 5,000) would take hours; this one takes minutes.
     */
    public static void modelCheckThreads(Class<?> subject, Class<?> spec, int quickThreads, int quickIterations,
                                         int quickInvocations, ExecutionScenario... custom) {
        modelCheckThreads(subject, spec, quickThreads, quickIterations, quickInvocations, 30, 1_000, custom);
    }

    /**
     * As above with a thorough budget of the subject's own: where one invocation builds a whole device, pool and
     * allocator (tens of milliseconds), 30 x 1,000 would take hours.
     */
    public static void modelCheckThreads(Class<?> subject, Class<?> spec, int quickThreads, int quickIterations,
                                         int quickInvocations, int thoroughIterations, int thoroughInvocations,
                                         ExecutionScenario... custom) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            modelCheck0(subject, spec, thorough() ? Math.max(3, quickThreads) : quickThreads,
                    thorough() ? thoroughIterations : quickIterations,
                    thorough() ? thoroughInvocations : quickInvocations, custom);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void modelCheck0(Class<?> subject, Class<?> spec, int iterations, int invocations,
                                    ExecutionScenario... custom) {
        modelCheck0(subject, spec, thorough() ? 3 : 2, iterations, invocations, custom);
    }

    private static void modelCheck0(Class<?> subject, Class<?> spec, int threads, int iterations, int invocations,
                                    ExecutionScenario... custom) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(threads)
                .actorsPerThread(thorough() ? 4 : 3)
                .actorsBefore(1)
                .actorsAfter(1)
                .loopBound(LOOP_BOUND)
                .loopIterationsBeforeThreadSwitch(SCAN_ITERATIONS);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        // The simulated device is the environment, not the subject: no thread switches inside it.
        o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(LincheckRunner::isEnvironment).allMethods()
                .treatAsAtomic());
        for (ExecutionScenario sc : custom) {
            o.addCustomScenario(sc);
        }
        checkRetryingWallClockHang(() -> o.check(subject));
    }

    /** The title of Lincheck's report when its wall-clock bound on one invocation tripped ({@code TimeoutFailure}). */
    static final String WALL_CLOCK_HANG = "= The execution has hung, see the thread dump =";

    /**
     * Runs a Lincheck check; when Lincheck reports that an invocation outran its wall-clock bound, runs it once more,
     * and throws {@link LincheckTimeout} (a time-out, not a verdict) when that trips again.
     *
     * <p>Why: the bound (30 s, not settable through Lincheck's public API) measures real time, and Lincheck
     * instruments classes lazily inside the invocation that first touches them. On a 2-core machine at load 10 to 30
     * the first invocation of the allocator's model checking spent more than 30 s re-transforming JDK collection
     * classes and a correct design was reported as hung. Lincheck caches the transformed bytecode, so the second
     * attempt does not pay it again. Real hangs are unaffected: model checking detects deadlocks and livelocks by
     * counting events, not by the clock, and a design that blocks where Lincheck cannot see trips the bound twice
     * and is reported as a time-out with Lincheck's thread dump.
     */
    static void checkRetryingWallClockHang(Runnable check) {
        try {
            check.run();
        } catch (AssertionError first) {
            if (!isWallClockHang(first)) {
                throw first;
            }
            System.err.println("lincheck: an invocation outran Lincheck's wall-clock bound (" + WALL_CLOCK_HANG
                    + "); running the check once more");
            try {
                check.run();
            } catch (AssertionError second) {
                if (isWallClockHang(second)) {
                    throw new LincheckTimeout(second.getMessage());
                }
                throw second;
            }
        }
    }

    /**
     * Whether a model-checking failure is Lincheck's artefact for a time-limited {@code Object.wait}: Lincheck's
     * managed strategy lets such a wait time out at once <em>without releasing the monitor</em> ("timeouts occur
     * instantly" in its {@code ManagedStrategy}), so a correct design that waits for a slot with
     * {@code wait(timeout)} in a loop keeps its monitor forever in the model, the thread that would release the slot
     * blocks on that monitor, and the execution is reported as a livelock. On a real JVM the wait releases the
     * monitor. Recognised by the report: a hang, a livelock, and a timed monitor wait in the looping thread's trace.
     */
    public static boolean isTimedMonitorWaitArtefact(Throwable t) {
        String m = t.getMessage();
        return m != null && m.contains("= The execution has hung =") && m.contains("livelock")
                && TIMED_MONITOR_WAIT.matcher(m).find();
    }

    /** {@code TimeUnit.timedWait(monitor, n)} or {@code monitor.wait(n)} as Lincheck prints them in a trace. */
    private static final Pattern TIMED_MONITOR_WAIT =
            Pattern.compile("\\.timedWait\\(|\\.wait\\(\\d|\\bWAIT\\b");

    /**
     * Runs only the given scenarios in stress mode ({@code invocations} each, on real threads): where model checking
     * cannot represent a design's waiting ({@link #isTimedMonitorWaitArtefact}), the same hand-written scenarios
     * still get a verdict. A hang here is a real one and ends as {@link LincheckTimeout}.
     */
    public static void stressScenarios(Class<?> subject, Class<?> spec, int invocations, ExecutionScenario... sc) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            StressOptions o = new StressOptions().iterations(0).invocationsPerIteration(invocations);
            if (spec != null) {
                o.sequentialSpecification(spec);
            }
            for (ExecutionScenario s : sc) {
                o.addCustomScenario(s);
            }
            checkRetryingWallClockHang(() -> o.check(subject));
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    static boolean isWallClockHang(Throwable t) {
        return t.getMessage() != null && t.getMessage().contains(WALL_CLOCK_HANG);
    }

    /** Classes whose methods model checking runs atomically: the simulated device and its helpers. */
    static boolean isEnvironment(String className) {
        return className.startsWith("org.mpsharness.core.sim.")
                || className.equals("org.mpsharness.core.device.RangeAllocator")
                || className.equals("org.mpsharness.core.device.PatternCheck")
                || className.equals("org.mpsharness.model.lincheck.AllocatorLedger");
    }

    /**
     * A hand-written scenario: {@code init} actors, then one list of actors per parallel thread. Each actor is
     * (method name, arguments...) of {@code subject}.
     */
    public static ExecutionScenario scenario(Class<?> subject, List<Object[]> init, List<List<Object[]>> parallel) {
        return scenario(subject, init, parallel, List.of());
    }

    /** As {@link #scenario(Class, List, List)}, with {@code post} actors run after the parallel part. */
    public static ExecutionScenario scenario(Class<?> subject, List<Object[]> init, List<List<Object[]>> parallel,
                                             List<Object[]> post) {
        List<List<Actor>> threads = new ArrayList<>();
        for (List<Object[]> t : parallel) {
            threads.add(actors(subject, t));
        }
        return new ExecutionScenario(actors(subject, init), threads, actors(subject, post), null);
    }

    private static List<Actor> actors(Class<?> subject, List<Object[]> calls) {
        List<Actor> out = new ArrayList<>();
        for (Object[] c : calls) {
            Method m = null;
            for (Method cand : subject.getMethods()) {
                if (cand.getName().equals(c[0]) && cand.getParameterCount() == c.length - 1) {
                    m = cand;
                }
            }
            if (m == null) {
                throw new IllegalArgumentException("no operation " + c[0] + "/" + (c.length - 1) + " in " + subject);
            }
            out.add(new Actor(m, Arrays.asList(Arrays.copyOfRange(c, 1, c.length))));
        }
        return out;
    }

    /** Stress: real threads on the real memory model. Throws on a violation. */
    public static void stress(Class<?> subject, Class<?> spec) {
        stress(subject, spec, 10, 300);
    }

    /** Stress with a quick-mode budget of its own (100 × 10,000 when thorough). */
    public static void stress(Class<?> subject, Class<?> spec, int quickIterations, int quickInvocations) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            stress0(subject, spec, thorough() ? 100 : quickIterations, thorough() ? 10_000 : quickInvocations);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    /** Stress with {@code quickThreads} threads in quick mode too (at least 3 when thorough). */
    public static void stressThreads(Class<?> subject, Class<?> spec, int quickThreads, int quickIterations,
                                     int quickInvocations) {
        stressThreads(subject, spec, quickThreads, quickIterations, quickInvocations, 100, 10_000);
    }

    /** As above with a thorough budget of the subject's own (see the model-checking overload). */
    public static void stressThreads(Class<?> subject, Class<?> spec, int quickThreads, int quickIterations,
                                     int quickInvocations, int thoroughIterations, int thoroughInvocations) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            stress0(subject, spec, thorough() ? Math.max(3, quickThreads) : quickThreads,
                    thorough() ? thoroughIterations : quickIterations,
                    thorough() ? thoroughInvocations : quickInvocations);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void stress0(Class<?> subject, Class<?> spec, int iterations, int invocations) {
        stress0(subject, spec, thorough() ? 3 : 2, iterations, invocations);
    }

    private static void stress0(Class<?> subject, Class<?> spec, int threads, int iterations, int invocations) {
        StressOptions o = new StressOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(threads)
                .actorsPerThread(thorough() ? 4 : 3)
                .actorsBefore(1)
                .actorsAfter(1);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        checkRetryingWallClockHang(() -> o.check(subject));
    }
}
