package org.mpsharness.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of {@code org.mpsharness.bench.jmh} once per thread count, so that a scaling curve is one
 * command ({@code ./harness bench jmh}) rather than a loop over {@code -t} by hand. JMH sums throughput over the
 * measuring threads, so a point is the whole machine's rate.
 *
 * <p>Settings: {@code full} = 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement (the annotations' defaults); {@code quick}
 * = 1 fork, 1 x 0.5 s warm-up, 3 x 0.5 s; {@code batch} = 1 fork, 1 x 0.3 s warm-up, 3 x 0.3 s (every benchmark at
 * five thread counts within the GPU host's 10-minute call, beside the allocator runs; a fork per point still);
 * {@code smoke} = in-process, 1 x 50 ms each way — only to prove that every
 * benchmark runs (the tests use it), never for figures.
 */
public final class JmhSweep {

    /**
     * One measured point: a benchmark method, its design parameter ({@code "-"} for a benchmark without one), the
     * thread count, total ops/s and its error.
     */
    public record Point(String benchmark, String design, int threads, double opsPerSecond, double error) {
    }

    /** How long to measure. */
    public enum Mode { FULL, QUICK, BATCH, SMOKE }

    private JmhSweep() {
    }

    /**
     * Every benchmark whose name matches {@code include} (a regular expression, as JMH's), at each thread count.
     * {@code progress} receives one line per finished benchmark and thread count.
     */
    public static List<Point> run(String include, List<Integer> threads, Mode mode, Consumer<String> progress)
            throws RunnerException {
        return run(include, threads, mode, List.of(), null, progress);
    }

    /**
     * As {@link #run(String, List, Mode, Consumer)}, with the {@code design} parameter of every benchmark that has one
     * set to {@code designs} (the benchmarks' own values when empty: an ablation runs {@code baseline+N} this way),
     * and, when {@code json} is not null, every result written there in JMH's own JSON (rewritten after each thread
     * count, so that a run cut short keeps what it measured).
     */
    public static List<Point> run(String include, List<Integer> threads, Mode mode, List<String> designs, Path json,
            Consumer<String> progress) throws RunnerException {
        List<Point> points = new ArrayList<>();
        List<RunResult> all = new ArrayList<>();
        for (int t : threads) {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include("org\\.mpsharness\\.bench\\.jmh\\..*(" + include + ").*")
                    .threads(t)
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT);
            if (!designs.isEmpty()) {
                b.param("design", designs.toArray(new String[0]));
            }
            switch (mode) {
                case FULL -> b.forks(1);
                case QUICK -> b.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
                case BATCH -> b.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(300))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(300));
                case SMOKE -> b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(50))
                        .measurementIterations(1).measurementTime(TimeValue.milliseconds(50));
            }
            Collection<RunResult> results;
            try {
                results = new Runner(b.build()).run();
            } catch (NoBenchmarksException e) {
                return List.of(); // nothing matches include: the caller says so
            }
            all.addAll(results);
            if (json != null) {
                writeJson(json, all);
            }
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                String design = r.getParams().getParam("design");
                Point p = new Point(name, design == null ? "-" : design, t, r.getPrimaryResult().getScore(),
                        r.getPrimaryResult().getScoreError());
                points.add(p);
                progress.accept(String.format("  %-36s %-9s %3d threads %,16.0f ops/s +- %,.0f (99.9%%)",
                        p.benchmark(), p.design(), t, p.opsPerSecond(), p.error()));
            }
        }
        return points;
    }

    /** JMH's own JSON writer (the format of {@code -rf json}), over the results of every thread count. */
    private static void writeJson(Path json, Collection<RunResult> results) throws RunnerException {
        try {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
            }
        } catch (IOException e) {
            throw new RunnerException("cannot write " + json + ": " + e.getMessage(), e);
        }
    }
}
