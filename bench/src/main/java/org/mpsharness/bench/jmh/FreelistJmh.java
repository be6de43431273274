package org.mpsharness.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The slot freelist alone (improvement 5): a slot taken and given back by each thread in a loop (thread churn at its
 * most intense), mutex-protected stack (baseline) against the CAS bitmask (improved) and the per-slot cells with home
 * slots (the alternative made after this benchmark showed the bitmask losing). Isolates the freelist from the stream
 * and gate bookkeeping that {@link StreamPoolJmh#acquireRelease} adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FreelistJmh {
    /** baseline: {@code MutexFreelist}; improved: {@code BitmaskFreelist}; home-slot: {@code HomeSlotFreelist}. */
    @Param({"baseline", "improved", "home-slot"})
    public String design;

    SlotFreelist freelist;

    @Setup(Level.Trial)
    public void open() {
        switch (design) {
            case "baseline" -> freelist = new MutexFreelist();
            case "improved" -> freelist = new BitmaskFreelist();
            case "home-slot" -> freelist = new HomeSlotFreelist();
            default -> throw new IllegalArgumentException("unknown freelist design " + design);
        }
    }

    @Benchmark
    public ReleaseOutcome tryAcquireRelease() {
        Thread me = Thread.currentThread();
        int slot = freelist.tryAcquire(me);
        if (slot < 0) {
            throw new IllegalStateException("freelist empty: more than 31 threads?");
        }
        return freelist.release(slot, me);
    }
}
