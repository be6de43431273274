package org.mpsharness.bench;

/**
 * Anything {@code bench alloc} measures on the peers.md workload beside our designs: the Java bookkeeping bound, CUDA's
 * stream-ordered pool, PyTorch's allocator. A contender is a name and a way to measure one thread count, so that the
 * command puts every row in the same table, the same JSON and the same ratios without knowing where a row comes from
 * (bench cannot see the native module; the app wires the CUDA contender in).
 */
public interface AllocContender {

    /** How one thread count is measured: best of {@code rounds} windows of {@code seconds}, after a warm-up. */
    @FunctionalInterface
    interface Measure {
        AllocBench.Point run(int threads, double seconds, int rounds) throws Exception;
    }

    /** The name in tables and JSON ({@code params.design}). */
    String name();

    AllocBench.Point run(int threads, double seconds, int rounds) throws Exception;

    static AllocContender of(String name, Measure measure) {
        return new AllocContender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public AllocBench.Point run(int threads, double seconds, int rounds) throws Exception {
                AllocBench.Point p = measure.run(threads, seconds, rounds);
                return new AllocBench.Point(name, p.threads(), p.opsPerSecond(), p.rounds(), p.leaks());
            }
        };
    }
}
