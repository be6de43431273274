package org.mpsharness.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Designs;

/**
 * {@code ./harness bench alloc}: the allocator workload of peers.md for each design and thread count, printed as a
 * table (best of the timed rounds, ops/s = alloc+free pairs per second over all threads). Exit 1 if a run leaked.
 */
public final class BenchCommand implements Command {
    private final RunCommand.DeviceOpener devices;

    public BenchCommand(RunCommand.DeviceOpener devices) {
        this.devices = devices;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks: bench alloc [--backend sim|cuda|metal] [--design baseline|improved|both] "
                + "[--threads 1,2,4,8,16] [--seconds S] [--rounds N] (peers.md workload); "
                + "bench pool-history [--ops N] [--threads N] (checker on a recorded pool history)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("backend", "design", "threads", "seconds", "rounds", "ops"), Set.of());
        if (o.positional().size() == 1 && o.positional().get(0).equals("pool-history")) {
            return poolHistory(o, out);
        }
        if (o.positional().size() != 1 || !o.positional().get(0).equals("alloc")) {
            throw new UsageException("usage: bench alloc|pool-history [options]");
        }
        String backend = o.choice("backend", "sim", Set.of("sim", "cuda", "metal"));
        String which = o.choice("design", "both", Set.of("baseline", "improved", "both"));
        List<Integer> threads = intList(o.get("threads", "1,2,4,8,16"));
        double seconds = o.intValue("seconds", 2, 1, 600);
        int rounds = o.intValue("rounds", 3, 1, 100);
        boolean clean = true;
        out.printf("alloc benchmark, backend %s, best of %d x %.0f s, ops/s (alloc+free pairs, all threads)%n",
                backend, rounds, seconds);
        out.printf("%-9s %8s %16s   %s%n", "design", "threads", "ops/s", "rounds");
        for (DesignSet d : which.equals("both") ? Designs.both() : List.of(Designs.byName(which))) {
            for (int t : threads) {
                AllocBench.Point p;
                try {
                    p = AllocBench.run(d, () -> devices.open(backend), t, seconds, rounds);
                } catch (UsageException e) {
                    throw e;
                } catch (Exception e) {
                    err.println("harness bench: " + d.name() + " at " + t + " threads failed: " + e);
                    return VIOLATION;
                }
                List<String> r = new ArrayList<>();
                for (double x : p.rounds()) {
                    r.add(String.format("%,.0f", x));
                }
                out.printf("%-9s %8d %,16.0f   %s%s%n", p.design(), t, p.opsPerSecond(), String.join(" ", r),
                        p.leaks().isEmpty() ? "" : "  LEAK " + p.leaks());
                clean &= p.leaks().isEmpty();
            }
        }
        return clean ? OK : VIOLATION;
    }

    /**
     * A recorded stream-pool history of about {@code --ops} operations (thread churn with double and foreign releases
     * on the improved pool, simulated device) decided by the offline checker; prints size, partitions and time.
     */
    private int poolHistory(Options o, PrintStream out) {
        int ops = o.intValue("ops", 100_000, 100, 10_000_000);
        int threads = o.intValue("threads", 8, 1, 31);
        org.mpsharness.core.workload.OpLog log = new org.mpsharness.core.workload.OpLog();
        org.mpsharness.core.sim.SimDevice dev = new org.mpsharness.core.sim.SimDevice();
        try (org.mpsharness.core.pool.StreamPool pool = new org.mpsharness.core.pool.ImprovedStreamPool(dev,
                new org.mpsharness.core.stream.DisabledCommitGate(),
                org.mpsharness.core.pool.PoolConfig.defaults())) {
            // an iteration records 2.25 operations on average (acquire, release, 1/8 foreign, 1/8 double)
            org.mpsharness.core.workload.PoolChurn.run(pool, threads, (int) (ops / 2.25 / threads), 42, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VIOLATION;
        }
        var hs = org.mpsharness.model.history.RecordedHistories.from(log, "pool churn");
        var history = hs.get(org.mpsharness.model.history.RecordedHistories.POOL).operations();
        var spec = new org.mpsharness.model.spec.StreamPoolHistorySpec();
        var checker = new org.mpsharness.model.lin.LinearizabilityChecker()
                .withTimeLimit(java.time.Duration.ofSeconds(60));
        checker.check(spec, history); // warm-up
        long t0 = System.nanoTime();
        var r = checker.check(spec, history);
        out.printf("stream-pool history: %,d operations, %d threads, %d partitions: %s in %.3f s%n",
                history.size(), threads, r.partitions(), r.verdict(), (System.nanoTime() - t0) / 1e9);
        return r.isLinearizable() ? OK : VIOLATION;
    }

    static List<Integer> intList(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",")) {
            try {
                int v = Integer.parseInt(part.trim());
                if (v < 1 || v > 31) {
                    throw new UsageException("thread counts must be 1..31 (got " + v + ")");
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new UsageException("--threads must be a comma-separated list of integers (got '" + s + "')");
            }
        }
        return out;
    }
}
