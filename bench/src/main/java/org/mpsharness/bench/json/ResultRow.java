package org.mpsharness.bench.json;

import java.util.List;
import java.util.Map;

/**
 * One benchmark point as JMH's JSON holds it, reduced to the fields the report and the ratios use: which benchmark,
 * how many threads, which design ({@code params.design}), the score in ops/s with its error, and every measured window
 * ({@code rawData}, one list per fork). {@code bench alloc} rows carry their leaks too (JMH rows have none).
 *
 * @param scoreError half-width of JMH's 99.9% interval; NaN where there is none (one window, or a best-of figure)
 */
public record ResultRow(String benchmark, String mode, int threads, int forks, Map<String, String> params,
                        double score, double scoreError, String scoreUnit, List<List<Double>> rawData,
                        List<String> leaks) {

    public ResultRow {
        params = Map.copyOf(params);
        rawData = rawData.stream().map(List::copyOf).toList();
        leaks = List.copyOf(leaks);
    }

    /** {@code Class.method}: the benchmark without its package. */
    public String shortName() {
        int last = benchmark.lastIndexOf('.');
        int cls = last < 0 ? -1 : benchmark.lastIndexOf('.', last - 1);
        return benchmark.substring(cls + 1);
    }

    /** The design parameter, or {@code "-"} for a benchmark that has none. */
    public String design() {
        return params.getOrDefault("design", "-");
    }
}
