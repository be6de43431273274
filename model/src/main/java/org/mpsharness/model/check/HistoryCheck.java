package org.mpsharness.model.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.workload.PoolChurn;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryVerdicts;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.Verdict;

/**
 * Records the workload's pool and allocator operations (per-thread buffers) and decides the histories offline against
 * the {@code stream-pool} and {@code allocator} specs: a slot or a block handed to two owners, a release by a
 * non-owner that succeeded, a double free, all show up as a violation with its window.
 */
public final class HistoryCheck implements Check {

    @Override
    public String name() {
        return "history";
    }

    @Override
    public boolean appliesTo(Component c) {
        return c == Component.STREAM_POOL || c == Component.ALLOCATOR;
    }

    @Override
    public void run(Class<?> impl, Component c) throws InterruptedException {
        if (c == Component.STREAM_POOL) {
            pool(impl);
            return;
        }
        SimDevice dev = new SimDevice();
        MpsRuntime rt = MpsRuntime.create(SwappedDesign.of(impl), dev, PoolConfig.defaults(),
                AllocatorConfig.defaults(), Map.of());
        OpLog log = new OpLog();
        InferenceWorkload.run(rt, WorkloadConfig.defaults(4).withSteps(300).withGpuNanos(50_000)
                .withHandoffEvery(4), log);
        RunChecks.closeAndCheck(rt);
        decide(RecordedHistories.from(log, impl.getSimpleName()));
    }

    /** Thread churn with misuse (double and foreign releases), the history decided against the pool spec. */
    private static void pool(Class<?> impl) throws InterruptedException {
        SimDevice dev = new SimDevice();
        StreamPool p = Instances.pool(impl, dev, new DisabledCommitGate(), PoolConfig.defaults());
        OpLog log = new OpLog();
        List<String> errors = PoolChurn.run(p, 6, 400, 7, log);
        p.close();
        if (!errors.isEmpty()) {
            throw new AssertionError("pool churn: " + errors.subList(0, Math.min(5, errors.size())));
        }
        Map<String, History> hs = RecordedHistories.from(log, impl.getSimpleName());
        hs.remove(RecordedHistories.ALLOCATOR);
        decide(hs);
    }

    private static void decide(Map<String, History> hs) {
        for (Map.Entry<String, CheckResult> e : HistoryVerdicts.check(hs, Duration.ofSeconds(60)).entrySet()) {
            if (e.getValue().verdict() != Verdict.OK) {
                throw new AssertionError(e.getKey() + " history: " + e.getValue().describe());
            }
        }
    }
}
