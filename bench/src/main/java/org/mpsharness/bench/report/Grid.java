package org.mpsharness.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mpsharness.bench.json.ResultRow;

/**
 * Results indexed by benchmark, design and thread count, in the order every table and chart shows them: the
 * baseline, the ablations ({@code baseline+N}), the improved design, other designs, then the peers (the bookkeeping
 * bound, PyTorch, CUDA's pool). When a point was measured twice (two files of one run), the later file wins.
 */
public final class Grid {
    /** The peers of {@code bench alloc}, in table order. */
    public static final List<String> PEERS = List.of("bound", "pytorch", "cuMemAllocAsync");

    private final Map<String, Map<String, TreeMap<Integer, ResultRow>>> byBenchmark = new TreeMap<>();

    public Grid(List<ResultRow> rows) {
        for (ResultRow r : rows) {
            byBenchmark.computeIfAbsent(r.shortName(), k -> new TreeMap<>())
                    .computeIfAbsent(r.design(), k -> new TreeMap<>()).put(r.threads(), r);
        }
    }

    /** Short benchmark names ({@code Class.method}), sorted. */
    public List<String> benchmarks() {
        return new ArrayList<>(byBenchmark.keySet());
    }

    /** The designs measured for {@code benchmark}, in table order. */
    public List<String> designs(String benchmark) {
        List<String> ds = new ArrayList<>(byBenchmark.getOrDefault(benchmark, Map.of()).keySet());
        ds.sort(Comparator.comparingInt(Grid::rank).thenComparing(Grid::ablationNumber).thenComparing(d -> d));
        return ds;
    }

    private static int rank(String design) {
        if (design.equals("baseline")) {
            return 0;
        }
        if (design.startsWith("baseline+")) {
            return 1;
        }
        if (design.equals("improved")) {
            return 2;
        }
        int peer = PEERS.indexOf(design);
        return peer >= 0 ? 10 + peer : 3;
    }

    private static int ablationNumber(String design) {
        try {
            return design.startsWith("baseline+") ? Integer.parseInt(design.substring(9)) : 0;
        } catch (NumberFormatException e) {
            return 99;
        }
    }

    /** Every thread count measured for {@code benchmark}, ascending. */
    public List<Integer> threads(String benchmark) {
        TreeSet<Integer> ts = new TreeSet<>();
        byBenchmark.getOrDefault(benchmark, Map.of()).values().forEach(m -> ts.addAll(m.keySet()));
        return new ArrayList<>(ts);
    }

    /** The point, or null when it was not measured. */
    public ResultRow row(String benchmark, String design, int threads) {
        return byBenchmark.getOrDefault(benchmark, Map.of()).getOrDefault(design, new TreeMap<>()).get(threads);
    }

    /** The score in ops/s, or NaN when it was not measured. */
    public double score(String benchmark, String design, int threads) {
        ResultRow r = row(benchmark, design, threads);
        return r == null ? Double.NaN : r.score();
    }

    /** {@code design}'s series: thread count → score. */
    public Map<Integer, Double> series(String benchmark, String design) {
        Map<Integer, Double> s = new LinkedHashMap<>();
        byBenchmark.getOrDefault(benchmark, Map.of()).getOrDefault(design, new TreeMap<>())
                .forEach((t, r) -> s.put(t, r.score()));
        return s;
    }

    /** Score at {@code threads} over score at the fewest threads measured for that design (NaN if either is missing). */
    public double scaling(String benchmark, String design, int threads) {
        TreeMap<Integer, ResultRow> m = byBenchmark.getOrDefault(benchmark, Map.of()).get(design);
        if (m == null || m.isEmpty()) {
            return Double.NaN;
        }
        return score(benchmark, design, threads) / m.firstEntry().getValue().score();
    }

    public boolean has(String benchmark, String design) {
        return byBenchmark.getOrDefault(benchmark, Map.of()).containsKey(design);
    }
}
