package org.mpsharness.model.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        modelCheck(subject, spec, quickIterations, quickInvocations, 100, 5_000, custom);
    }

    /**
     * Model checking with budgets of its own in both modes: for a subject whose invocations are costly (the
     * allocator builds a device, a pool and an allocator per invocation), the default thorough budget would take hours.
     */
    public static void modelCheck(Class<?> subject, Class<?> spec, int quickIterations, int quickInvocations,
                                  int thoroughIterations, int thoroughInvocations, ExecutionScenario... custom) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            modelCheck0(subject, spec, thorough() ? thoroughIterations : quickIterations,
                    thorough() ? thoroughInvocations : quickInvocations, custom);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void modelCheck0(Class<?> subject, Class<?> spec, int iterations, int invocations,
                                    ExecutionScenario... custom) {
        if (WARMED_UP.add(subject)) {
            warmUp(subject, spec, custom);
        }
        ModelCheckingOptions o = options(subject, spec, iterations, invocations);
        for (ExecutionScenario sc : custom) {
            o.addCustomScenario(sc);
        }
        o.check(subject);
    }

    private static ModelCheckingOptions options(Class<?> subject, Class<?> spec, int iterations, int invocations) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(thorough() ? 3 : 2)
                .actorsPerThread(thorough() ? 4 : 3)
                .actorsBefore(1)
                .actorsAfter(1);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        // The simulated device is the environment, not the subject: no thread switches inside it.
        o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses(LincheckRunner::isEnvironment).allMethods()
                .treatAsAtomic());
        return o;
    }

    /** Subjects whose classes Lincheck has already transformed in this JVM (see {@link #warmUp}). */
    private static final java.util.Set<Class<?>> WARMED_UP = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * One throw-away invocation of every scenario, before the first model check of {@code subject} in this JVM; its
     * verdict is ignored (the real check that follows explores the same scenarios).
     *
     * <p>Why: Lincheck transforms the bytecode of every class an invocation uses lazily, on first use, inside that
     * invocation, and an invocation has a 30-second wall-clock limit (no public API changes it); beyond it the check
     * fails with "The execution has hung". Measured for the allocator subject on the 2-core build machine at a load
     * average of 17: the first check's single invocation took 50 s (the thread dump showed ASM rewriting a JDK class),
     * the next check's 5 s, because Lincheck keeps the transformed bytecode for later checks of the JVM. So a verdict
     * depended on the machine's load; after the warm-up it no longer spends the transformation in a timed invocation.
     */
    private static void warmUp(Class<?> subject, Class<?> spec, ExecutionScenario... custom) {
        ModelCheckingOptions o = options(subject, spec, custom.length == 0 ? 1 : 0, 1);
        for (ExecutionScenario sc : custom) {
            o.addCustomScenario(sc);
        }
        try {
            o.check(subject);
        } catch (Throwable ignored) {
            // not a verdict: see above
        }
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
        List<List<Actor>> threads = new ArrayList<>();
        for (List<Object[]> t : parallel) {
            threads.add(actors(subject, t));
        }
        return new ExecutionScenario(actors(subject, init), threads, List.of(), null);
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
        stress(subject, spec, quickIterations, quickInvocations, 100, 10_000);
    }

    /** Stress with budgets of its own in both modes (see the model-checking overload). */
    public static void stress(Class<?> subject, Class<?> spec, int quickIterations, int quickInvocations,
                              int thoroughIterations, int thoroughInvocations) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(false);
        try {
            stress0(subject, spec, thorough() ? thoroughIterations : quickIterations,
                    thorough() ? thoroughInvocations : quickInvocations);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void stress0(Class<?> subject, Class<?> spec, int iterations, int invocations) {
        StressOptions o = new StressOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(thorough() ? 3 : 2)
                .actorsPerThread(thorough() ? 4 : 3)
                .actorsBefore(1)
                .actorsAfter(1);
        if (spec != null) {
            o.sequentialSpecification(spec);
        }
        o.check(subject);
    }
}
