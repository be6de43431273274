package org.mpsharness.app.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.bench.report.SvgChart;

/**
 * The report's charts, drawn by the bench module's {@link SvgChart} (the one the performance page uses), so that a
 * figure looks the same in docs/performance.md and in a report: throughput against threads per design (log scale), and
 * scaling, each design's throughput over its own at the fewest threads.
 */
final class Charts {
    /** One chart: a file-name-safe id, a title and its SVG. */
    record Chart(String id, String title, String svg) {
    }

    private Charts() {
    }

    /** Workload throughput per design, then per benchmark: throughput and scaling. */
    static List<Chart> all(List<ResultsDoc> docs) {
        List<Chart> out = new ArrayList<>();
        Map<String, Map<String, TreeMap<Integer, Double>>> byBenchmark = new TreeMap<>();
        for (ResultsDoc d : docs) {
            for (ResultsDoc.Workload w : d.workloads() == null ? List.<ResultsDoc.Workload>of() : d.workloads()) {
                put(byBenchmark, "workload (" + w.backend() + ")", w.design(), w.threads(), w.opsPerSecond());
            }
            for (ResultsDoc.Benchmark b : d.benchmarks() == null ? List.<ResultsDoc.Benchmark>of() : d.benchmarks()) {
                put(byBenchmark, b.benchmark(), b.design(), b.threads(), b.score());
            }
        }
        byBenchmark.forEach((name, designs) -> {
            List<SvgChart.Series> ops = new ArrayList<>();
            List<SvgChart.Series> scaling = new ArrayList<>();
            designs.forEach((design, points) -> {
                List<double[]> o = new ArrayList<>();
                List<double[]> s = new ArrayList<>();
                double first = points.firstEntry().getValue();
                points.forEach((t, v) -> {
                    o.add(new double[] {t, v});
                    s.add(new double[] {t, v / first});
                });
                ops.add(new SvgChart.Series(design, o));
                scaling.add(new SvgChart.Series(design, s));
            });
            String id = name.replaceAll("[^A-Za-z0-9._-]+", "-");
            out.add(new Chart(id + ".throughput", name + ": throughput", SvgChart.render(name + ": throughput",
                    "threads", "ops/s (log scale)", ops)));
            boolean several = designs.values().stream().anyMatch(p -> p.size() > 1);
            if (several) {
                out.add(new Chart(id + ".scaling", name + ": scaling", SvgChart.render(name + ": scaling",
                        "threads", "× own throughput at the fewest threads (log)", scaling)));
            }
        });
        return out;
    }

    private static void put(Map<String, Map<String, TreeMap<Integer, Double>>> m, String bench, String design,
                            int threads, double v) {
        if (v > 0 && Double.isFinite(v)) {
            m.computeIfAbsent(bench, k -> new LinkedHashMap<>()).computeIfAbsent(design, k -> new TreeMap<>())
                    .put(threads, v);
        }
    }
}
