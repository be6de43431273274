package org.mpsharness.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
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
 * = 1 fork, 1 x 0.5 s warm-up, 3 x 0.5 s; {@code smoke} = in-process, 1 x 50 ms each way — only to prove that every
 * benchmark runs (the tests use it), never for figures.
 */
public final class JmhSweep {

    /** One measured point: a benchmark method, its design parameter, the thread count, total ops/s and its error. */
    public record Point(String benchmark, String design, int threads, double opsPerSecond, double error) {
    }

    /** How long to measure. */
    public enum Mode { FULL, QUICK, SMOKE }

    private JmhSweep() {
    }

    /**
     * Every benchmark whose name matches {@code include} (a regular expression, as JMH's), at each thread count.
     * {@code progress} receives one line per finished benchmark and thread count.
     */
    public static List<Point> run(String include, List<Integer> threads, Mode mode, Consumer<String> progress)
            throws RunnerException {
        List<Point> points = new ArrayList<>();
        for (int t : threads) {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include("org\\.mpsharness\\.bench\\.jmh\\..*(" + include + ").*")
                    .threads(t)
                    .shouldFailOnError(true)
                    .verbosity(VerboseMode.SILENT);
            switch (mode) {
                case FULL -> b.forks(1);
                case QUICK -> b.forks(1).warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                        .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
                case SMOKE -> b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(50))
                        .measurementIterations(1).measurementTime(TimeValue.milliseconds(50));
            }
            Collection<RunResult> results;
            try {
                results = new Runner(b.build()).run();
            } catch (NoBenchmarksException e) {
                return List.of(); // nothing matches include: the caller says so
            }
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
                Point p = new Point(name, r.getParams().getParam("design"), t, r.getPrimaryResult().getScore(),
                        r.getPrimaryResult().getScoreError());
                points.add(p);
                progress.accept(String.format("  %-36s %-9s %3d threads %,16.0f ops/s +- %,.0f (99.9%%)",
                        p.benchmark(), p.design(), t, p.opsPerSecond(), p.error()));
            }
        }
        return points;
    }
}
