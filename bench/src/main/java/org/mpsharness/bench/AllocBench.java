package org.mpsharness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mpsharness.bench.json.ResultRow;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.workload.RunChecks;

/**
 * The allocator workload of peers.md on one of our designs, so that our figures sit beside PyTorch's on the same GPU:
 * each thread owns a stream (a worker slot) and runs {@link PeersLoop}. No GPU work, no events — the allocator's own
 * cost, including its device calls when it must create heaps.
 *
 * <p>The best window is reported (as peers.md did). The runtime is closed afterwards and must leak nothing.
 */
public final class AllocBench {

    /** One measured point: best window in ops/s, every window, and what the run leaked (empty for peers). */
    public record Point(String design, int threads, double opsPerSecond, List<Double> rounds, List<String> leaks) {
    }

    /** Name of the rows in JSON, as a JMH benchmark would be named (class and method). */
    public static final String BENCHMARK = AllocBench.class.getName() + ".peers";

    private AllocBench() {
    }

    public static Point run(DesignSet design, Supplier<Device> devices, int threads, double seconds, int rounds)
            throws Exception {
        Device dev = devices.get();
        List<Double> measured;
        List<String> leaks;
        try {
            // watermarks off: peers.md measured allocators without a memory limit
            MpsRuntime rt = MpsRuntime.create(design, dev, PoolConfig.defaults(),
                    AllocatorConfig.defaults().withWatermarks(0, 0), Map.of());
            CachingAllocator a = rt.allocator();
            try {
                measured = PeersLoop.run(thread -> new DesignSlots(rt), threads, seconds, rounds);
            } catch (Exception e) {
                rt.close();
                throw e;
            }
            a.emptyCache();
            leaks = new ArrayList<>(RunChecks.closeAndCheck(rt));
        } finally {
            dev.close();
        }
        return point(design.name(), threads, measured, leaks);
    }

    /** A point from its windows: the best one is the figure. */
    public static Point point(String name, int threads, List<Double> rounds, List<String> leaks) {
        double best = rounds.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Point(name, threads, best, List.copyOf(rounds), List.copyOf(leaks));
    }

    /** The points as JMH-shaped rows ({@link #BENCHMARK}, {@code params.design} = the point's name). */
    public static List<ResultRow> rows(List<Point> points) {
        List<ResultRow> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(new ResultRow(BENCHMARK, "thrpt", p.threads(), 0, Map.of("design", p.design()),
                    p.opsPerSecond(), Double.NaN, "ops/s", List.of(p.rounds()), p.leaks()));
        }
        return rows;
    }

    /** One thread of a design: its own worker slot (so its own stream), 8 live blocks from the allocator. */
    private static final class DesignSlots implements PeersLoop.Slots {
        private final CachingAllocator allocator;
        private final SlotLease lease;
        private final BufferBlock[] live = new BufferBlock[PeersLoop.LIVE];

        DesignSlots(MpsRuntime rt) {
            this.allocator = rt.allocator();
            this.lease = rt.pool().lease();
        }

        @Override
        public void replace(int slot, long bytes) {
            if (live[slot] != null) {
                allocator.free(live[slot]);
            }
            live[slot] = allocator.malloc(bytes, Usage.PRIVATE);
        }

        @Override
        public void close() {
            try {
                for (int i = 0; i < live.length; i++) {
                    if (live[i] != null) {
                        allocator.free(live[i]);
                        live[i] = null;
                    }
                }
                allocator.flushThreadCache();
            } finally {
                lease.close();
            }
        }
    }
}
