package org.mpsharness.stress.runner;

import java.util.List;

/**
 * The stage lists that the build and the command line run.
 *
 * <p>CI plan, measured on the 2-core build machine (docs/memory-model.md): every correct test in jcstress's
 * {@code sanity} preset and every control in {@code quick}, both on the {@linkplain Stage#REDUCED_MATRIX reduced JVM
 * matrix}. jcstress spends about half a minute per invocation probing the JVM before the first test, so the plan has
 * exactly two invocations.
 */
public final class Plans {
    private Plans() {
    }

    /** CPUs the tests in {@code *.wide.*} packages need (up to 4 actors; jcstress needs one CPU per actor). */
    public static final int WIDE_CPUS = 4;

    /** What {@code ./mvnw verify} runs on this machine. */
    public static List<Stage> ci() {
        return ci(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The CI plan on a machine with {@code cpus} CPUs: the {@code *.wide.*} tests (3 or 4 actors) are selected only
     * when there are at least {@link #WIDE_CPUS}. Below that they are left out of the selection (jcstress would skip
     * them silently, and a selected test that did not run fails the build), and {@link #notRun} says so in the
     * summary, so that they are never counted as passed.
     */
    public static List<Stage> ci(int cpus) {
        String narrow = cpus >= WIDE_CPUS ? "" : "(?!.*\\.wide\\.)";
        return List.of(
                new Stage("correct", "sanity", "^" + narrow + Stage.CORRECT_TESTS.substring(1), Stage.REDUCED_MATRIX),
                new Stage("controls", "quick", "^" + narrow + Stage.CONTROL_TESTS.substring(1), Stage.REDUCED_MATRIX));
    }

    /** A line for the summary when the CI plan leaves the wide tests out on {@code cpus} CPUs, else null. */
    public static String notRun(int cpus) {
        return cpus >= WIDE_CPUS ? null : "tests in *.wide.* packages (3-4 actors) NOT RUN: they need " + WIDE_CPUS
                + " CPUs, this machine has " + cpus + " (run them where cores allow: ./harness stress --tests '\\.wide\\.')";
    }

    /**
     * What {@code ./harness stress} runs: one invocation in {@code mode} over the tests matching {@code regex} (all
     * when null), on the reduced matrix unless {@code fullMatrix} (jcstress's own choice of JVM flag sets and split
     * compilation modes: about 14 to 28 JVMs per test, minutes per test on 2 cores).
     */
    public static List<Stage> command(String mode, String regex, boolean fullMatrix) {
        return List.of(new Stage(mode, mode, regex == null ? Stage.ALL_TESTS : regex,
                fullMatrix ? List.of() : Stage.REDUCED_MATRIX));
    }
}
