package org.mpsharness.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.bench.json.ResultRow;

/**
 * Tables for any benchmark family: its designs by thread count with JMH's error and each design's ratio to the
 * baseline, and the ablation table (the baseline with one improvement, over the baseline, beside the improved design).
 */
public final class BenchmarkTables {
    private BenchmarkTables() {
    }

    /** ops/s ± JMH's 99.9% error (as a share of the score); non-baseline cells carry their ratio to the baseline. */
    public static Table scores(Grid g, String benchmark) {
        List<Integer> ts = g.threads(benchmark);
        Table t = new Table(AllocSummary.header("design", ts));
        for (String d : g.designs(benchmark)) {
            List<String> row = new ArrayList<>(List.of(d));
            for (int n : ts) {
                ResultRow r = g.row(benchmark, d, n);
                if (r == null) {
                    row.add("–");
                    continue;
                }
                String cell = Figures.ops(r.score());
                if (!Double.isNaN(r.scoreError()) && r.score() > 0) {
                    cell += " ±" + Math.round(100 * r.scoreError() / r.score()) + "%";
                }
                double base = g.score(benchmark, "baseline", n);
                if (!d.equals("baseline") && !Double.isNaN(base)) {
                    cell += " (" + Figures.ratio(r.score() / base) + ")";
                }
                row.add(cell);
            }
            t.add(row);
        }
        return t;
    }

    /**
     * One row per benchmark and ablation design ({@code baseline+N}) measured, then the improved design, each over
     * the baseline at every thread count measured for that benchmark. Empty when no ablation was measured.
     */
    public static Table ablations(Grid g) {
        List<Integer> all = new ArrayList<>();
        for (String b : g.benchmarks()) {
            if (hasAblation(g, b)) {
                for (int n : g.threads(b)) {
                    if (!all.contains(n)) {
                        all.add(n);
                    }
                }
            }
        }
        all.sort(Integer::compare);
        List<String> h = new ArrayList<>(List.of("benchmark", "design ÷ baseline"));
        h.addAll(AllocSummary.header("x", all).subList(1, all.size() + 1));
        Table t = new Table(h);
        for (String b : g.benchmarks()) {
            if (!hasAblation(g, b)) {
                continue;
            }
            for (String d : g.designs(b)) {
                if (d.startsWith("baseline+") || d.equals("improved")) {
                    List<String> row = new ArrayList<>(List.of(b, d));
                    for (int n : all) {
                        row.add(Figures.ratio(g.score(b, d, n) / g.score(b, "baseline", n)));
                    }
                    t.add(row);
                }
            }
        }
        return t;
    }

    private static boolean hasAblation(Grid g, String benchmark) {
        return g.designs(benchmark).stream().anyMatch(d -> d.startsWith("baseline+"));
    }
}
