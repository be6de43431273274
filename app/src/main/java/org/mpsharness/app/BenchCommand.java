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
        return "alloc benchmark (peers.md workload): bench alloc [--backend sim|cuda|metal] "
                + "[--design baseline|improved|both] [--threads 1,2,4,8,16] [--seconds S] [--rounds N]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("backend", "design", "threads", "seconds", "rounds"), Set.of());
        if (o.positional().size() != 1 || !o.positional().get(0).equals("alloc")) {
            throw new UsageException("usage: bench alloc [options] (the only benchmark here is 'alloc')");
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
