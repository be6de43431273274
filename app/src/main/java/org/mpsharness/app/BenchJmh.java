package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.bench.JmhSweep;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.RunMetadata;
import org.mpsharness.core.design.DesignSet;
import picocli.CommandLine;

/**
 * {@code ./harness bench jmh}: the JMH benchmarks of the stream pool's paths at each thread count, baseline and
 * improved side by side; {@code --design} replaces the designs of the benchmarks that take a design spec (an ablation:
 * {@code --design ablations --benchmarks StreamPoolJmh}); {@code --json FILE} keeps JMH's own JSON.
 */
@CommandLine.Command(name = "jmh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The JMH benchmarks: stream pool, freelist, once-per-slot, gate; baseline and improved side "
                + "by side at each thread count.")
final class BenchJmh implements Callable<Integer> {
    private final Harness h;

    @CommandLine.Option(names = "--benchmarks", defaultValue = ".*", paramLabel = "REGEX",
            description = "the benchmarks whose name matches (default: all)")
    String include;
    @CommandLine.Option(names = "--design", paramLabel = "SPEC[;SPEC...]|ablations",
            description = "the designs of the benchmarks that take one (default: their own)")
    String design;
    @CommandLine.Option(names = "--threads", defaultValue = "1,2,4,8,16", paramLabel = "N,...",
            description = "thread counts, each 1..31 (default: ${DEFAULT-VALUE})")
    String threadsArg;
    @CommandLine.Option(names = "--mode", defaultValue = "full", paramLabel = "MODE",
            description = "full|quick|batch: how long JMH measures (default: ${DEFAULT-VALUE})")
    String mode;
    @CommandLine.Option(names = "--json", paramLabel = "FILE", description = "JMH's own JSON, with FILE.meta.json "
            + "beside (docs/results/README.md)")
    Path json;
    @CommandLine.Option(names = "--label", defaultValue = "", paramLabel = "TEXT",
            description = "what the figures may be used for, in the metadata")
    String label;
    @CommandLine.Mixin
    OutputOptions.ReportOption report;
    @CommandLine.Mixin
    OutputOptions.ProgressOption progress;

    BenchJmh(Harness h) {
        this.h = h;
    }

    /** {@code org.x.Class.method} → {@code Class.method}, as the report names benchmarks. */
    static String shortName(String benchmark) {
        int last = benchmark.lastIndexOf('.');
        int cls = last < 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(cls + 1);
    }

    @Override
    public Integer call() {
        Args.regex("--benchmarks", include);
        List<Integer> threads = Args.threads("--threads", threadsArg);
        JmhSweep.Mode m = JmhSweep.Mode.valueOf(Args.choice("--mode", mode, List.of("full", "quick", "batch"))
                .toUpperCase(Locale.ROOT));
        List<String> designs = design == null ? List.of()
                : BenchAlloc.designs(design).stream().map(DesignSet::name).toList();
        if (json != null) {
            Session.Writable.file(json, "--json");
        }
        try (Session s = h.session("bench jmh", null, report.report, progress)) {
            return s.finish(run(s, threads, m, designs));
        }
    }

    private int run(Session s, List<Integer> threads, JmhSweep.Mode m, List<String> designs) {
        PrintStream out = Harness.clearing(h.out, s.progress());
        if (json != null) {
            try {
                ResultFiles.writeMeta(json, RunMetadata.capture(RunMetadata.commandLine(h.words), label));
            } catch (IOException e) {
                throw new UsageException("cannot write " + ResultFiles.metaPath(json) + ": " + e.getMessage());
            }
        }
        out.printf("JMH benchmarks (%s), %d cores, Java %s; ops/s summed over threads%n",
                m.name().toLowerCase(Locale.ROOT), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        s.progress().start("bench jmh", 0);
        s.progress().step("at " + threads.get(0) + " thread(s)");
        List<JmhSweep.Point> points;
        try {
            points = JmhSweep.run(include, threads, m, designs, json, line -> {
                out.println(line);
                s.progress().advance();
            });
        } catch (org.openjdk.jmh.runner.RunnerException e) {
            out.println("harness bench: a benchmark failed: " + e.getMessage());
            return Command.VIOLATION;
        }
        if (points.isEmpty()) {
            throw new UsageException("no benchmark matches '" + include + "'");
        }
        for (JmhSweep.Point p : points) {
            s.results().benchmark(new ResultsDoc.Benchmark(p.benchmark(), p.design(), p.threads(), p.opsPerSecond(),
                    p.error(), "ops/s", List.of(), List.of()));
        }
        // one row per design other than the baseline, beside the baseline of the same benchmark and thread count
        out.printf("%n%-36s %-12s %7s %16s %16s %8s%n", "benchmark", "design", "threads", "baseline ops/s",
                "design ops/s", "÷ base");
        Map<String, Map<String, Map<Integer, Double>>> table = new TreeMap<>();
        for (JmhSweep.Point p : points) {
            table.computeIfAbsent(p.benchmark(), k -> new TreeMap<>()).computeIfAbsent(p.design(), k -> new TreeMap<>())
                    .put(p.threads(), p.opsPerSecond());
        }
        table.forEach((bench, byDesign) -> byDesign.forEach((d, byThreads) -> {
            if (!"baseline".equals(d)) {
                byThreads.forEach((t, ops) -> {
                    double b = byDesign.getOrDefault("baseline", Map.of()).getOrDefault(t, Double.NaN);
                    out.printf("%-36s %-12s %7d %,16.0f %,16.0f %7.2fx%n", bench, d, t, b, ops, ops / b);
                });
            }
        }));
        if (json != null) {
            out.println("results: " + json + " (JMH's JSON; metadata: " + ResultFiles.metaPath(json) + ")");
        }
        return Command.OK;
    }
}
