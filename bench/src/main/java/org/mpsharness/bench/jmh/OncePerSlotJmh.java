package org.mpsharness.bench.jmh;

import org.mpsharness.core.design.DesignSet;
import java.util.concurrent.TimeUnit;
import org.mpsharness.core.once.OncePerSlot;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Once-per-slot creation alone (improvement 4), after creation: every thread reading its own existing slot. The
 * baseline takes one global lock per read; the improved reads a published reference (acquire load).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OncePerSlotJmh {
    static final int SLOTS = 32;

    @Param({"baseline", "improved"})
    public String design;

    OncePerSlot<Object> slots;

    @Setup(Level.Trial)
    public void open() {
        slots = DesignSet.parse(design).newOnce(SLOTS, i -> new Object());
        for (int i = 0; i < SLOTS; i++) {
            slots.get(i);
        }
    }

    /** Which slot a measuring thread reads: its own, as a worker reads its own stream. */
    @State(Scope.Thread)
    public static class Index {
        int index;

        @Setup(Level.Trial)
        public void pick(ThreadParams t) {
            index = 1 + t.getThreadIndex() % (SLOTS - 1);
        }
    }

    @Benchmark
    public Object get(Index i) {
        return slots.get(i.index);
    }
}
