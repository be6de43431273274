package org.mpsharness.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * The performance targets of the issue, decided from the results of one run (ratios within one run only, never
 * across runs or machines). A target whose points are absent is NOT MEASURED, never met: on the 2-core build machine
 * the 16-thread targets stay unmeasured.
 *
 * <p>Benchmark names are the short JMH names ({@code Class.method}). {@link #ARRAY_READ} is the plain array read that
 * the stream lookup is compared with; {@code StreamPoolJmh.commitDecision} of the baseline design is the ungated
 * decision (the baseline's gate is {@code DisabledCommitGate}).
 */
public final class Targets {
    public static final String ALLOC = "AllocBench.peers";
    public static final String ACQUIRE_RELEASE = "StreamPoolJmh.acquireRelease";
    public static final String GET_STREAM = "StreamPoolJmh.getStream";
    public static final String ARRAY_READ = "StreamPoolJmh.arrayRead";
    public static final String COMMIT_DECISION = "StreamPoolJmh.commitDecision";

    /** Met, missed, or not decidable from this run. */
    public enum Status { MET, MISSED, NOT_MEASURED }

    /** One target's verdict and the figures that decided it. */
    public record Verdict(String target, Status status, String evidence) {
    }

    private Targets() {
    }

    /** Every target: the allocator's, then the stream pool's. */
    public static List<Verdict> evaluate(Grid g) {
        List<Verdict> out = new ArrayList<>(allocator(g));
        out.addAll(streamPool(g));
        return out;
    }

    /** The targets decided by {@code bench alloc} alone. */
    public static List<Verdict> allocator(Grid g) {
        List<Verdict> out = new ArrayList<>();
        out.add(everyThreadCount(g, "improved allocator within 3× of the bound at every thread count",
                ALLOC, "improved", ALLOC, "bound", r -> r >= 1.0 / 3, "improved ÷ bound"));
        out.add(at(g, "improved allocator ≥ 10× PyTorch at 1 thread", 1, ALLOC, "improved", ALLOC, "pytorch",
                r -> r >= 10, "improved ÷ PyTorch"));
        out.add(at(g, "improved allocator ≥ 200× PyTorch at 16 threads", 16, ALLOC, "improved", ALLOC, "pytorch",
                r -> r >= 200, "improved ÷ PyTorch"));
        out.add(scalingShare(g));
        out.add(negativeScaling(g));
        return out;
    }

    /** The targets decided by the JMH benchmarks of the stream pool's paths. */
    public static List<Verdict> streamPool(Grid g) {
        List<Verdict> out = new ArrayList<>();
        out.add(at(g, "pool acquire+release at 16 threads ≥ 5× the mutex baseline", 16, ACQUIRE_RELEASE, "improved",
                ACQUIRE_RELEASE, "baseline", r -> r >= 5, "improved ÷ baseline"));
        out.add(everyThreadCount(g, "stream lookup ≤ 1.5× a plain array read (time per call)", ARRAY_READ,
                arrayReadDesign(g), GET_STREAM, "improved", r -> r <= 1.5, "array read ops/s ÷ getStream ops/s"));
        out.add(at(g, "single-stream commit decision ≤ 2× the ungated decision (time per call)", 1, COMMIT_DECISION,
                "baseline", COMMIT_DECISION, "improved", r -> r <= 2, "ungated ops/s ÷ improved ops/s"));
        return out;
    }

    /** The array read has no design of its own; take the improved run's, else any measured. */
    private static String arrayReadDesign(Grid g) {
        List<String> ds = g.designs(ARRAY_READ);
        return ds.contains("improved") ? "improved" : ds.isEmpty() ? "-" : ds.get(0);
    }

    private static Verdict at(Grid g, String target, int threads, String b1, String d1, String b2, String d2,
                              DoublePredicate ok, String what) {
        double r = g.score(b1, d1, threads) / g.score(b2, d2, threads);
        if (Double.isNaN(r)) {
            return new Verdict(target, Status.NOT_MEASURED, missing(b1, d1, b2, d2) + " at " + threads + " thread(s)");
        }
        return new Verdict(target, ok.test(r) ? Status.MET : Status.MISSED,
                what + " = " + Figures.ratio(r) + " at " + threads + " thread(s)");
    }

    private static Verdict everyThreadCount(Grid g, String target, String b1, String d1, String b2, String d2,
                                            DoublePredicate ok, String what) {
        List<String> parts = new ArrayList<>();
        boolean all = true;
        for (int t : g.threads(b1)) {
            double r = g.score(b1, d1, t) / g.score(b2, d2, t);
            if (!Double.isNaN(r)) {
                parts.add(t + ": " + Figures.ratio(r));
                all &= ok.test(r);
            }
        }
        if (parts.isEmpty()) {
            return new Verdict(target, Status.NOT_MEASURED, missing(b1, d1, b2, d2));
        }
        return new Verdict(target, all ? Status.MET : Status.MISSED, what + " by threads: " + String.join(", ", parts));
    }

    private static Verdict scalingShare(Grid g) {
        String target = "improved allocator's 1→16 scaling ≥ 80% of the bound's";
        double imp = g.score(ALLOC, "improved", 16) / g.score(ALLOC, "improved", 1);
        double bound = g.score(ALLOC, "bound", 16) / g.score(ALLOC, "bound", 1);
        if (Double.isNaN(imp) || Double.isNaN(bound)) {
            return new Verdict(target, Status.NOT_MEASURED, missing(ALLOC, "improved", ALLOC, "bound")
                    + " at 1 and 16 threads");
        }
        double share = imp / bound;
        return new Verdict(target, share >= 0.8 ? Status.MET : Status.MISSED, "improved " + Figures.ratio(imp)
                + ", bound " + Figures.ratio(bound) + ": " + Math.round(share * 100) + "%");
    }

    private static Verdict negativeScaling(Grid g) {
        String target = "baseline allocator keeps its negative scaling (16 threads below 1)";
        double s = g.scaling(ALLOC, "baseline", 16);
        if (Double.isNaN(s) || Double.isNaN(g.score(ALLOC, "baseline", 1))) {
            return new Verdict(target, Status.NOT_MEASURED, "baseline not measured at 1 and 16 threads");
        }
        return new Verdict(target, s < 1 ? Status.MET : Status.MISSED, "baseline 16 ÷ 1 threads = "
                + Figures.ratio(s));
    }

    private static String missing(String b1, String d1, String b2, String d2) {
        return "needs " + b1 + " [" + d1 + "] and " + b2 + " [" + d2 + "]";
    }

    /** The verdicts as a table (target, verdict, evidence). */
    public static Table table(List<Verdict> vs) {
        Table t = new Table(List.of("target", "verdict", "evidence"));
        for (Verdict v : vs) {
            t.add(List.of(v.target(), v.status().name().replace('_', ' '), v.evidence()));
        }
        return t;
    }
}
