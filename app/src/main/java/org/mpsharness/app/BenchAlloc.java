package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.AllocContender;
import org.mpsharness.bench.BookkeepingBound;
import org.mpsharness.bench.PyTorchPeer;
import org.mpsharness.bench.report.AllocSummary;
import org.mpsharness.bench.report.Grid;
import org.mpsharness.bench.report.Targets;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.RunMetadata;
import org.mpsharness.core.design.DesignSet;
import picocli.CommandLine;

/**
 * {@code ./harness bench alloc}: the peers.md allocator workload on each design and each peer, at each thread count,
 * in one run — then every ratio (a design over the bound, PyTorch, the baseline and CUDA's pool; an ablation over the
 * baseline), each row's scaling, and the allocator targets decided from these figures. {@code --json FILE} writes the
 * points in JMH's shape with the run's metadata beside them (rewritten after every point, so a run cut short keeps
 * what it measured). Exit 1 if a design's run threw or leaked; a peer that fails is reported and left out.
 */
@CommandLine.Command(name = "alloc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The peers.md allocator workload: designs beside the bookkeeping bound, PyTorch's allocator "
                + "and cuMemAllocAsync, every ratio, each row's scaling and the allocator targets.")
final class BenchAlloc implements Callable<Integer> {
    private final Harness h;

    @CommandLine.Option(names = "--backend", defaultValue = "sim", paramLabel = "NAME",
            description = "sim|cuda|metal (default: ${DEFAULT-VALUE})")
    String backend;
    @CommandLine.Option(names = "--design", defaultValue = "both", paramLabel = "SPEC[;SPEC...]",
            description = "both|ablations|SPEC, several separated by ';' (default: ${DEFAULT-VALUE})")
    String design;
    @CommandLine.Option(names = "--peers", paramLabel = "NAME,...|none", description = "the peers to measure "
            + "(default: every one this backend can run)")
    String peersArg;
    @CommandLine.Option(names = "--pytorch", paramLabel = "EXE", description = "PyTorch's allocator benchmark "
            + "(bench/src/main/cpp/torch_alloc_bench.cpp)")
    String pytorch;
    @CommandLine.Option(names = "--threads", defaultValue = "1,2,4,8,16", paramLabel = "N,...",
            description = "thread counts, each 1..31 (default: ${DEFAULT-VALUE})")
    String threadsArg;
    @CommandLine.Option(names = "--seconds", paramLabel = "N", defaultValue = "2", description = "window, 1..600 s "
            + "(default: ${DEFAULT-VALUE})")
    int secondsArg;
    @CommandLine.Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "windows, 1..100 "
            + "(default: ${DEFAULT-VALUE})")
    int roundsArg;
    @CommandLine.Option(names = "--json", paramLabel = "FILE", description = "the points in JMH's JSON shape, with "
            + "FILE.meta.json beside (docs/results/README.md); rewritten after every point")
    Path json;
    @CommandLine.Option(names = "--label", defaultValue = "", paramLabel = "TEXT",
            description = "what the figures may be used for, in the metadata")
    String label;
    @CommandLine.Mixin
    OutputOptions.ReportOption report;
    @CommandLine.Mixin
    OutputOptions.ProgressOption progress;

    BenchAlloc(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        Args.choice("--backend", backend, RunCommand.BACKENDS);
        Env.commitMode(h.env); // checked, so a typo is not silently measured as the default
        List<DesignSet> designs = designs(design);
        List<Integer> threads = Args.threads("--threads", threadsArg);
        int seconds = Args.range("--seconds", secondsArg, 1, 600);
        int rounds = Args.range("--rounds", roundsArg, 1, 100);
        List<AllocContender> peers = peers(backend);
        if (json != null) {
            Session.Writable.file(json, "--json");
        }
        try (Session s = h.session("bench alloc", null, report.report, progress)) {
            return s.finish(run(s, designs, threads, seconds, rounds, peers));
        }
    }

    private int run(Session s, List<DesignSet> designs, List<Integer> threads, int seconds, int rounds,
                    List<AllocContender> peers) {
        PrintStream out = Harness.clearing(h.out, s.progress());
        PrintStream err = h.err;
        RunMetadata meta = RunMetadata.capture(RunMetadata.commandLine(h.words), label);
        List<AllocContender> all = new ArrayList<>();
        for (DesignSet d : designs) {
            all.add(AllocContender.of(d.name(), (t, secs, r) -> AllocBench.run(d, () -> h.devices.open(backend), t,
                    secs, r)));
        }
        all.addAll(peers);
        List<AllocBench.Point> points = new ArrayList<>();
        write(json, points, seconds, meta); // an unwritable --json fails now, not after the first point
        s.progress().start("bench alloc", all.size() * threads.size());
        out.printf("alloc benchmark, backend %s, best of %d x %d s after a %d s warm-up, ops/s (alloc+free pairs, "
                + "all threads)%n", backend, rounds, seconds, seconds);
        boolean clean = true;
        for (int c = 0; c < all.size(); c++) {
            AllocContender k = all.get(c);
            boolean design = c < designs.size();
            for (int t : threads) {
                if (s.interrupted()) {
                    return Command.INTERRUPTED;
                }
                s.progress().step(k.name() + " at " + t + " thread(s)");
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
                s.results().benchmark(new ResultsDoc.Benchmark(BenchJmh.shortName(AllocBench.BENCHMARK), p.design(), t,
                        p.opsPerSecond(), Double.NaN, "ops/s", p.rounds(), p.leaks()));
                s.progress().advance();
                clean &= p.leaks().isEmpty();
                List<String> r = new ArrayList<>();
                p.rounds().forEach(x -> r.add(String.format("%,.0f", x)));
                out.printf("  %-16s %3d threads %,16.0f ops/s   windows %s%s%n", p.design(), t, p.opsPerSecond(),
                        String.join(" ", r), p.leaks().isEmpty() ? "" : "  LEAK " + p.leaks());
                write(json, points, seconds, meta);
            }
        }
        AllocSummary sum = new AllocSummary(AllocBench.rows(points));
        out.printf("%n%s%n%s%n%s%n", sum.scores().toText(), sum.ratios().toText(), sum.scaling().toText());
        out.print(Targets.table(Targets.allocator(new Grid(AllocBench.rows(points)))).toText());
        if (json != null) {
            out.println("results: " + json + " (metadata: " + ResultFiles.metaPath(json) + ")");
        }
        return clean ? Command.OK : Command.VIOLATION;
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
     * backend can run. {@code bound} (the Java bookkeeping bound, {@link BookkeepingBound}) runs everywhere;
     * {@code cuMemAllocAsync} needs the CUDA backend; {@code pytorch} needs {@code --pytorch EXE}.
     */
    private List<AllocContender> peers(String backend) {
        Map<String, AllocContender> available = new LinkedHashMap<>();
        // peers.md's Java bookkeeping bound: bare thread-local free lists, same size mix, no device (any backend)
        available.put("bound", AllocContender.of("bound", BookkeepingBound::run));
        if (backend.equals("cuda")) {
            available.put(CudaPoolPeer.NAME, CudaPoolPeer.contender());
        }
        String exe = pytorch;
        if (exe != null) {
            Path p = Path.of(exe);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new UsageException("--pytorch: not an executable file: " + exe
                        + " (build bench/src/main/cpp/torch_alloc_bench.cpp, see scripts/gpu-run.sh)");
            }
            available.put(PyTorchPeer.NAME, PyTorchPeer.contender(p));
        }
        String want = peersArg;
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
