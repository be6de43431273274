package org.mpsharness.stress.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * One jcstress invocation: a mode preset, a test selection and extra options.
 *
 * @param label   name in reports ("correct", "controls", ...)
 * @param mode    jcstress 0.16 preset: sanity, quick, default, tough, stress
 * @param regex   test selection ({@code -t}; jcstress finds it anywhere in the fully qualified name)
 * @param options further jcstress options, e.g. the reduced JVM matrix
 */
public record Stage(String label, String mode, String regex, List<String> options) {
    /** Tests that are not controls (Broken*), weak-hardware controls (WeakHw*) or known production bugs (KnownBug*). */
    public static final String CORRECT_TESTS =
            "^org\\.mpsharness\\.stress\\..*\\.(?!Broken|WeakHw|KnownBug)[A-Z][\\w$]*$";
    /** The negative controls. */
    public static final String CONTROL_TESTS = "^org\\.mpsharness\\.stress\\..*\\.Broken[\\w$]*$";
    /** Every test of this project. */
    public static final String ALL_TESTS = "^org\\.mpsharness\\.stress\\.";

    /**
     * The reduced JVM matrix used on the 2-core build machine: one compilation mode for all actors (no split
     * compilation: jcstress would otherwise run every interpreter/C1/C2 combination of the actors, 9 forks per flag
     * set) and explicit JVM flags (no StressLCM/StressGCM flag sets). jcstress still runs each test with and without
     * biased locking, so a test runs in 2 JVMs. ParallelGC: its barriers have no fences that could hide a reordering.
     * A 1 GiB heap (jcstress's default is 256 MiB, and it sizes its strides for that): the allocator tests' states
     * hold a device, a pool and an allocator each, and the thread-locals of discarded states are only expunged lazily;
     * with 256 MiB those forks ran out of memory.
     */
    public static final List<String> REDUCED_MATRIX = List.of("-sc", "false", "-jvmArgs", "-XX:+UseParallelGC -Xmx1g");

    public static final List<String> MODES = List.of("sanity", "quick", "default", "tough", "stress");

    public Stage {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown jcstress mode '" + mode + "' (expected one of " + MODES + ")");
        }
        options = List.copyOf(options);
    }

    /** jcstress's arguments for this stage (without the results directory). */
    public List<String> args() {
        List<String> a = new ArrayList<>(List.of("-m", mode, "-t", regex, "-v"));
        a.addAll(options);
        return a;
    }
}
