package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.AllocContender;
import org.mpsharness.bench.PyTorchPeer;
import org.mpsharness.bench.report.AllocSummary;
import org.mpsharness.bench.report.Grid;
import org.mpsharness.bench.report.Targets;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.RunMetadata;
import org.mpsharness.core.design.DesignSet;

/**
 * {@code ./harness bench alloc}: the peers.md allocator workload on each design and each peer, at each thread count,
 * in one run — then every ratio (a design over the bound, PyTorch, the baseline and CUDA's pool; an ablation over the
 * baseline), each row's scaling, and the allocator targets decided from these figures. {@code --json FILE} writes the
 * points in JMH's shape with the run's metadata beside them (rewritten after every point, so a run cut short keeps
 * what it measured). Exit 1 if a design's run threw or leaked; a peer that fails is reported and left out.
 */
final class BenchAlloc {
    static final Set<String> OPTIONS = Set.of("backend", "design", "threads", "seconds", "rounds", "peers", "pytorch",
            "json", "label");

    private final RunCommand.DeviceOpener devices;

    BenchAlloc(RunCommand.DeviceOpener devices) {
        this.devices = devices;
    }

    int run(Options o, List<String> args, PrintStream out, PrintStream err) {
        String backend = o.choice("backend", "sim", Set.of("sim", "cuda", "metal"));
        List<DesignSet> designs = designs(o.get("design", "both"));
        List<Integer> threads = BenchCommand.intList(o.get("threads", "1,2,4,8,16"));
        int seconds = o.intValue("seconds", 2, 1, 600);
        int rounds = o.intValue("rounds", 3, 1, 100);
        List<AllocContender> peers = peers(o, backend);
        Path json = o.get("json", null) == null ? null : Path.of(o.get("json", null));
        RunMetadata meta = RunMetadata.capture(RunMetadata.commandLine(commandWords(args)), o.get("label", ""));

        List<AllocContender> all = new ArrayList<>();
        for (DesignSet d : designs) {
            all.add(AllocContender.of(d.name(), (t, s, r) -> AllocBench.run(d, () -> devices.open(backend), t, s, r)));
        }
        all.addAll(peers);
        List<AllocBench.Point> points = new ArrayList<>();
        write(json, points, seconds, meta); // an unwritable --json fails now, not after the first point
        out.printf("alloc benchmark, backend %s, best of %d x %d s after a %d s warm-up, ops/s (alloc+free pairs, "
                + "all threads)%n", backend, rounds, seconds, seconds);
        boolean clean = true;
        for (int c = 0; c < all.size(); c++) {
            AllocContender k = all.get(c);
            boolean design = c < designs.size();
            for (int t : threads) {
                AllocBench.Point p;
                try {
                    p = k.run(t, seconds, rounds);
                } catch (UsageException e) {
                    throw e;
                } catch (Exception e) {
                    err.println("harness bench: " + k.name() + " at " + t + " threads failed: " + e);
                    if (design) {
                        write(json, points, seconds, meta);
                        return Command.VIOLATION;
                    }
                    break; // a peer that cannot run: its row stays empty, the designs go on
                }
                points.add(p);
                clean &= p.leaks().isEmpty();
                List<String> r = new ArrayList<>();
                p.rounds().forEach(x -> r.add(String.format("%,.0f", x)));
                out.printf("  %-16s %3d threads %,16.0f ops/s   windows %s%s%n", p.design(), t, p.opsPerSecond(),
                        String.join(" ", r), p.leaks().isEmpty() ? "" : "  LEAK " + p.leaks());
                write(json, points, seconds, meta);
            }
        }
        AllocSummary s = new AllocSummary(AllocBench.rows(points));
        out.printf("%n%s%n%s%n%s%n", s.scores().toText(), s.ratios().toText(), s.scaling().toText());
        out.print(Targets.table(Targets.allocator(new Grid(AllocBench.rows(points)))).toText());
        if (json != null) {
            out.println("results: " + json + " (metadata: " + ResultFiles.metaPath(json) + ")");
        }
        return clean ? Command.OK : Command.VIOLATION;
    }

    /** {@code ./harness bench ARGS...}, for the metadata. */
    static List<String> commandWords(List<String> args) {
        List<String> w = new ArrayList<>(List.of("./harness", "bench"));
        w.addAll(args);
        return w;
    }

    /**
     * {@code both}, {@code ablations} (the baseline, each improvement alone, the improved design) or a design spec;
     * several separated by {@code ;}. A design named twice runs once.
     */
    static List<DesignSet> designs(String spec) {
        Map<String, DesignSet> out = new LinkedHashMap<>();
        for (String item : spec.split(";")) {
            String s = item.strip();
            List<DesignSet> ds = new ArrayList<>();
            if (s.equals("both")) {
                ds.addAll(DesignSet.both());
            } else if (s.equals("ablations")) {
                ds.add(DesignSet.baseline());
                ds.addAll(DesignSet.ablations());
                ds.add(DesignSet.improved());
            } else {
                try {
                    ds.add(DesignSet.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            ds.forEach(d -> out.putIfAbsent(d.name(), d));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The peers to measure: {@code --peers} names them (comma-separated, or {@code none}); by default every peer this
     * backend can run. {@code cuMemAllocAsync} needs the CUDA backend; {@code pytorch} needs {@code --pytorch EXE}.
     */
    private static List<AllocContender> peers(Options o, String backend) {
        Map<String, AllocContender> available = new LinkedHashMap<>();
        if (backend.equals("cuda")) {
            available.put(CudaPoolPeer.NAME, CudaPoolPeer.contender());
        }
        String exe = o.get("pytorch", null);
        if (exe != null) {
            Path p = Path.of(exe);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new UsageException("--pytorch: not an executable file: " + exe
                        + " (build bench/src/main/cpp/torch_alloc_bench.cpp, see scripts/gpu-run.sh)");
            }
            available.put(PyTorchPeer.NAME, PyTorchPeer.contender(p));
        }
        String want = o.get("peers", null);
        if (want == null) {
            return new ArrayList<>(available.values());
        }
        List<AllocContender> out = new ArrayList<>();
        if (want.strip().equals("none")) {
            return out;
        }
        for (String n : want.split(",")) {
            AllocContender c = available.get(n.strip());
            if (c == null) {
                throw new UsageException("--peers: '" + n.strip() + "' cannot run here (available with --backend "
                        + backend + (exe == null ? "" : " and --pytorch") + ": "
                        + (available.isEmpty() ? "none" : String.join(", ", available.keySet())) + ")");
            }
            out.add(c);
        }
        return out;
    }

    private static void write(Path json, List<AllocBench.Point> points, int seconds, RunMetadata meta) {
        if (json == null) {
            return;
        }
        try {
            ResultFiles.write(json, AllocBench.rows(points), seconds, seconds);
            ResultFiles.writeMeta(json, meta);
        } catch (IOException e) {
            throw new UsageException("cannot write " + json + ": " + e.getMessage());
        }
    }
}
