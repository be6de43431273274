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

    /** What {@code ./mvnw verify} runs. */
    public static List<Stage> ci() {
        return List.of(
                new Stage("correct", "sanity", Stage.CORRECT_TESTS, Stage.REDUCED_MATRIX),
                new Stage("controls", "quick", Stage.CONTROL_TESTS, Stage.REDUCED_MATRIX));
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
