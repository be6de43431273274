package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import org.mpsharness.bench.CheckerBenchmark;
import org.mpsharness.bench.JmhSweep;
import org.mpsharness.bench.report.PerformanceReport;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.RunMetadata;
import org.mpsharness.core.design.DesignSet;

import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.PoolChurn;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.spec.StreamPoolHistorySpec;

/**
 * {@code ./harness bench}: the allocator workload ({@link BenchAlloc}), the JMH benchmarks, the performance report
 * regenerated from their JSON, and the checker's benchmarks.
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
        return "benchmarks: bench alloc [--backend sim|cuda|metal] [--design both|ablations|SPEC[;SPEC...]] "
                + "[--peers NAME,...|none] [--pytorch EXE] [--threads 1,2,4,8,16] [--seconds S] [--rounds N] "
                + "[--json FILE] [--label TEXT] (peers.md workload: designs beside the bound, PyTorch, cuMemAllocAsync); "
                + "bench jmh [--benchmarks REGEX] [--design SPEC[;SPEC...]|ablations] [--threads 1,2,4,8,16] "
                + "[--mode full|quick|batch] [--json FILE] [--label TEXT] (stream pool, freelist, once-per-slot, gate); "
                + "bench report [--results DIR] [--out FILE] (docs/performance.md and its SVG plots from the JSON); "
                + "bench pool-history [--ops N] [--threads N] [--rounds N] (checker on a recorded pool history); "
                + "bench checker [--data DIR] [--rounds N] [--warmup N] (public Jepsen histories)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Set<String> valued = new HashSet<>(BenchAlloc.OPTIONS);
        valued.addAll(Set.of("ops", "data", "warmup", "benchmarks", "mode", "results", "out"));
        Options o = new Options(args, valued, Set.of());
        String sub = o.positional().size() == 1 ? o.positional().get(0) : "";
        switch (sub) {
            case "alloc":
                return new BenchAlloc(devices).run(o, args, out, err);
            case "jmh":
                return jmh(o, args, out);
            case "report":
                return report(o, out);
            case "pool-history":
                return poolHistory(o, out);
            case "checker":
                return checker(o, out);
            default:
                throw new UsageException("usage: bench alloc|jmh|report|pool-history|checker [options]");
        }
    }

    /** docs/performance.md and its plots from the JSON of every run under {@code --results}. */
    private int report(Options o, PrintStream out) {
        Path results = Path.of(o.get("results", "docs/results"));
        Path page = Path.of(o.get("out", "docs/performance.md"));
        try {
            PerformanceReport.write(results, page);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("wrote " + page + " and the plots beside the JSON under " + results);
        return OK;
    }

    /**
     * A recorded stream-pool history of about {@code --ops} operations (thread churn with double and foreign releases
     * on the improved pool, simulated device) decided by the offline checker; prints size, partitions and time.
     */
    private int poolHistory(Options o, PrintStream out) {
        int ops = o.intValue("ops", 100_000, 100, 10_000_000);
        int threads = o.intValue("threads", 8, 1, 31);
        int rounds = o.intValue("rounds", 5, 1, 100);
        OpLog log = new OpLog();
        SimDevice dev = new SimDevice();
        try (StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults())) {
            // an iteration records 2.25 operations on average (acquire, release, 1/8 foreign, 1/8 double)
            PoolChurn.run(pool, threads, (int) (ops / 2.25 / threads), 42, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VIOLATION;
        }
        History history = RecordedHistories.from(log, "pool churn").get(RecordedHistories.POOL);
        var spec = new StreamPoolHistorySpec();
        CheckResult ok = timeCheck(out, "stream-pool history", spec, history, threads, rounds);
        // a wrong answer near the end: a thread told its own slot was already free (the spec must refuse it)
        List<Operation> falsified = new ArrayList<>(history.operations());
        for (int i = falsified.size() * 9 / 10; i < falsified.size(); i++) {
            Operation op = falsified.get(i);
            if (op.f().equals("release") && "RELEASED".equals(op.output())) {
                falsified.set(i, Operation.completed(op.process(), op.f(), op.input(), "ALREADY_FREE", op.call(),
                        op.ret()));
                break;
            }
        }
        CheckResult bad = timeCheck(out, "same, one release falsified", spec,
                new History(history.source() + ", falsified", falsified), threads, rounds);
        return ok.isLinearizable() && !bad.isLinearizable() ? OK : VIOLATION;
    }

    /** Times the decider (validation, then the search: the path every history takes) on a recorded history. */
    private static CheckResult timeCheck(PrintStream out, String what, StreamPoolHistorySpec spec,
            History history, int threads, int rounds) {
        var decider = new HistoryDecider(new LinearizabilityChecker().withTimeLimit(Duration.ofSeconds(60)));
        CheckResult r = decide(decider, spec, history); // untimed: class loading and JIT warm-up
        double[] secs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            r = decide(decider, spec, history);
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(secs);
        out.printf("%s: %,d operations, %d threads, %d partitions: %s, best %.3f s, median %.3f s"
                + " (%d timed rounds after 1 untimed)%n", what, history.size(), threads, r.partitions(), r.verdict(),
                secs[0], secs[rounds / 2], rounds);
        return r;
    }

    private static CheckResult decide(HistoryDecider decider, StreamPoolHistorySpec spec, History history) {
        try {
            return decider.decide(history, spec);
        } catch (HistoryFormatException e) {
            throw new IllegalStateException("the recorder wrote a history its spec rejects: " + e.getMessage(), e);
        }
    }

    /**
     * The JMH benchmarks of the stream pool's paths at each thread count, baseline and improved side by side;
     * {@code --design} replaces the designs of the benchmarks that take a design spec (an ablation:
     * {@code --design ablations --benchmarks StreamPoolJmh}); {@code --json FILE} keeps JMH's own JSON.
     */
    private int jmh(Options o, List<String> args, PrintStream out) {
        String include = o.get("benchmarks", ".*");
        try {
            java.util.regex.Pattern.compile(include);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new UsageException("--benchmarks is not a regular expression: " + include);
        }
        List<Integer> threads = intList(o.get("threads", "1,2,4,8,16"));
        JmhSweep.Mode mode = JmhSweep.Mode.valueOf(o.choice("mode", "full", Set.of("full", "quick", "batch"))
                .toUpperCase(java.util.Locale.ROOT));
        List<String> designs = o.get("design", null) == null ? List.of()
                : BenchAlloc.designs(o.get("design", null)).stream().map(DesignSet::name).toList();
        Path json = o.get("json", null) == null ? null : Path.of(o.get("json", null));
        if (json != null) {
            try {
                ResultFiles.writeMeta(json, RunMetadata.capture(
                        RunMetadata.commandLine(BenchAlloc.commandWords(args)), o.get("label", "")));
            } catch (IOException e) {
                throw new UsageException("cannot write " + ResultFiles.metaPath(json) + ": " + e.getMessage());
            }
        }
        out.printf("JMH benchmarks (%s), %d cores, Java %s; ops/s summed over threads%n", mode.name().toLowerCase(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<JmhSweep.Point> points;
        try {
            points = JmhSweep.run(include, threads, mode, designs, json, out::println);
        } catch (org.openjdk.jmh.runner.RunnerException e) {
            out.println("harness bench: a benchmark failed: " + e.getMessage());
            return VIOLATION;
        }
        if (points.isEmpty()) {
            throw new UsageException("no benchmark matches '" + include + "'");
        }
        // one row per design other than the baseline, beside the baseline of the same benchmark and thread count
        out.printf("%n%-36s %-12s %7s %16s %16s %8s%n", "benchmark", "design", "threads", "baseline ops/s",
                "design ops/s", "÷ base");
        Map<String, Map<String, Map<Integer, Double>>> table = new TreeMap<>();
        for (JmhSweep.Point p : points) {
            table.computeIfAbsent(p.benchmark(), k -> new TreeMap<>()).computeIfAbsent(p.design(), k -> new TreeMap<>())
                    .put(p.threads(), p.opsPerSecond());
        }
        table.forEach((bench, byDesign) -> byDesign.forEach((design, byThreads) -> {
            if (!"baseline".equals(design)) {
                byThreads.forEach((t, ops) -> {
                    double b = byDesign.getOrDefault("baseline", Map.of()).getOrDefault(t, Double.NaN);
                    out.printf("%-36s %-12s %7d %,16.0f %,16.0f %7.2fx%n", bench, design, t, b, ops, ops / b);
                });
            }
        }));
        if (json != null) {
            out.println("results: " + json + " (JMH's JSON; metadata: " + ResultFiles.metaPath(json) + ")");
        }
        return OK;
    }

    /** The offline checker on the public Jepsen histories beside Porcupine's figures (CheckerBenchmark). */
    private int checker(Options o, PrintStream out) {
        Path data = Path.of(o.get("data", System.getProperty("harness.benchmarks.dir",
                "../shared/benchmarks")));
        if (!Files.isDirectory(data)) {
            throw new UsageException("no public histories at " + data + " (give --data DIR)");
        }
        try {
            return CheckerBenchmark.run(out, data, o.intValue("rounds", 9, 1, 1000),
                    o.intValue("warmup", 5, 0, 1000));
        } catch (Exception e) {
            throw new UsageException("checker benchmark failed: " + e.getMessage());
        }
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
