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
    /** Iterations of one loop before model checking calls an execution a livelock (see modelCheck0). */
    static final int LOOP_BOUND = 200;
    /** Iterations of one loop before model checking treats it as a spin: more than two scans of 31 slots. */
    static final int SCAN_ITERATIONS = 64;
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

    private static void modelCheck0(Class<?> subject, Class<?> spec, int iterations, int invocations,
                                    ExecutionScenario... custom) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(thorough() ? 3 : 2)
                .actorsPerThread(thorough() ? 4 : 3)
                .actorsBefore(1)
                .actorsAfter(1)
                // Lincheck's default bound (50 iterations of one loop) reports a contended ReentrantLock's acquire
                // loop, in which it models spurious wake-ups, as a livelock when three threads contend: a false "The
                // execution has hung" (the baseline pool's 3-thread exhaust scenario). Real livelocks still exceed it.
                .loopBound(LOOP_BOUND)
                // Lincheck treats a loop of more than 10 iterations as a spin and switches threads in it; a scan of
                // the 31 slots (twice, to confirm "none free") is not a spin, and forced switches inside it hide
                // the interleavings where a waiter blocks before a free (a lost wake-up went unseen).
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
        o.check(subject);
    }

    /** Classes whose methods model checking runs atomically: the simulated device and its helpers. */
    static boolean isEnvironment(String className) {
        return className.startsWith("org.mpsharness.core.sim.")
                || className.equals("org.mpsharness.core.device.RangeAllocator")
                || className.equals("org.mpsharness.core.device.PatternCheck");
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
