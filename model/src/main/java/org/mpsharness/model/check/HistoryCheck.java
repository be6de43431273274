package org.mpsharness.model.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Part;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.PoolChurn;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryVerdicts;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.Verdict;

/**
 * Records the operations of a run of the design with the variant in it (per-thread buffers) and decides the
 * histories offline against the specifications the component's descriptor names: a slot or a block handed to two
 * owners, a release by a non-owner that succeeded, a double free, all show up as a violation with its window. What the
 * run found by itself (corrupted patterns, leaks, faults) is reported too, never dropped. For the pool's parts, a
 * thread-churn run with misuse (double and foreign releases) is recorded as well.
 */
public final class HistoryCheck implements Check {

    @Override
    public String name() {
        return "history";
    }

    @Override
    public boolean appliesTo(Component c) {
        return true;
    }

    @Override
    public void run(Class<?> impl, Component c) throws InterruptedException {
        DesignSet d = c.design(impl);
        if (d.part(Part.POOL) != null || c.part() == Part.FREELIST || c.part() == Part.ONCE
                || c.part() == Part.LOOKUP) {
            churn(d, impl.getSimpleName(), WorkloadCheck.firstSeed());
        }
        WorkloadConfig cfg = WorkloadCheck.rhythm(WorkloadCheck.firstSeed(), 300);
        OpLog log = new OpLog();
        List<String> bad = WorkloadCheck.runOnce(d, cfg, log);
        if (!bad.isEmpty()) {
            throw new AssertionError("recorded workload (" + cfg.rhythm() + ") found " + bad.size()
                    + " problem(s):\n  " + String.join("\n  ", bad.subList(0, Math.min(10, bad.size()))));
        }
        decide(RecordedHistories.from(log, impl.getSimpleName()), c.historySpecs(), cfg.rhythm());
    }

    /** Thread churn with misuse (double and foreign releases), the history decided against the pool spec. */
    private static void churn(DesignSet d, String name, long seed) throws InterruptedException {
        SimDevice dev = new SimDevice();
        StreamPool p = d.newPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        OpLog log = new OpLog();
        List<String> errors = PoolChurn.run(p, 6, 400, seed, log);
        p.close();
        if (!errors.isEmpty()) {
            throw new AssertionError("pool churn (seed " + seed + "): " + errors.subList(0, Math.min(5,
                    errors.size())));
        }
        decide(RecordedHistories.from(log, name), List.of(RecordedHistories.POOL), "pool churn, seed " + seed);
    }

    private static void decide(Map<String, History> hs, List<String> specs, String run) {
        hs.keySet().retainAll(specs);
        if (hs.isEmpty()) {
            throw new AssertionError("the run (" + run + ") recorded no history for " + specs);
        }
        for (Map.Entry<String, CheckResult> e : HistoryVerdicts.check(hs, Duration.ofSeconds(60)).entrySet()) {
            if (e.getValue().verdict() != Verdict.OK) {
                throw new AssertionError(e.getKey() + " history of " + run + ": " + e.getValue().describe());
            }
        }
    }
}
