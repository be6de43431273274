package org.mpsharness.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.json.ResultRow;

/**
 * The allocator tables of {@code bench alloc} and docs/performance.md, computed from the rows alone: ops/s per design
 * and thread count, every ratio the issue asks for at every thread count (a design ÷ the bound, ÷ PyTorch, ÷ the
 * baseline, ÷ CUDA's pool; an ablation ÷ the baseline), and each row's scaling from its fewest threads.
 */
public final class AllocSummary {
    /** Denominators of the ratios, in column order. */
    static final List<String> REFERENCES = List.of("bound", "pytorch", "baseline", "cuMemAllocAsync");
    private static final String B = rowsName();

    private final Grid grid;

    public AllocSummary(List<ResultRow> rows) {
        this.grid = new Grid(rows);
    }

    private static String rowsName() {
        String n = AllocBench.BENCHMARK;
        return n.substring(n.lastIndexOf('.', n.lastIndexOf('.') - 1) + 1);
    }

    public boolean isEmpty() {
        return grid.designs(B).isEmpty();
    }

    /** ops/s: one row per design or peer, one column per thread count; a leaking run is marked. */
    public Table scores() {
        List<Integer> ts = grid.threads(B);
        Table t = new Table(header("ops/s (alloc+free)", ts));
        for (String d : grid.designs(B)) {
            List<String> row = new ArrayList<>(List.of(d));
            for (int n : ts) {
                ResultRow r = grid.row(B, d, n);
                row.add(r == null ? "–" : Figures.ops(r.score()) + (r.leaks().isEmpty() ? "" : " LEAK"));
            }
            t.add(row);
        }
        return t;
    }

    /**
     * One row per ratio: each design that is neither the baseline nor a peer, over each reference measured; an
     * ablation ({@code baseline+N}) over the baseline only.
     */
    public Table ratios() {
        List<Integer> ts = grid.threads(B);
        Table t = new Table(header("ratio", ts));
        for (String s : grid.designs(B)) {
            if (s.equals("baseline") || Grid.PEERS.contains(s)) {
                continue;
            }
            for (String ref : REFERENCES) {
                if (!grid.has(B, ref) || (s.startsWith("baseline+") && !ref.equals("baseline"))) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(s + " ÷ " + ref));
                for (int n : ts) {
                    row.add(Figures.ratio(grid.score(B, s, n) / grid.score(B, ref, n)));
                }
                t.add(row);
            }
        }
        return t;
    }

    /** Each row's ops/s at each thread count over its ops/s at the fewest threads measured. */
    public Table scaling() {
        List<Integer> ts = grid.threads(B);
        Table t = new Table(header("scaling from " + (ts.isEmpty() ? "-" : ts.get(0)) + " thread(s)", ts));
        for (String d : grid.designs(B)) {
            List<String> row = new ArrayList<>(List.of(d));
            for (int n : ts) {
                row.add(Figures.ratio(grid.scaling(B, d, n)));
            }
            t.add(row);
        }
        return t;
    }

    static List<String> header(String first, List<Integer> threads) {
        List<String> h = new ArrayList<>(List.of(first));
        for (int n : threads) {
            h.add(n + (n == 1 ? " thread" : " threads"));
        }
        return h;
    }
}
