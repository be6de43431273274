package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.SizeMix;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;

/**
 * The inference workload on the simulated device with the implementation swapped into the improved design: owner
 * patterns read back by GPU work, hand-overs to other streams, a background emptyCache, the lock-order checker on, and
 * the end-of-run leak and statistics checks. GPU work is slowed so that blocks are still in flight when they are freed.
 */
public final class WorkloadCheck implements Check {

    @Override
    public String name() {
        return "workload";
    }

    @Override
    public boolean appliesTo(Component c) {
        return c == Component.STREAM_POOL || c == Component.ALLOCATOR;
    }

    @Override
    public void run(Class<?> impl, Component c) {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            SimDevice dev = new SimDevice();
            MpsRuntime rt = MpsRuntime.create(SwappedDesign.of(impl), dev, PoolConfig.defaults(),
                    AllocatorConfig.defaults(), Map.of());
            WorkloadConfig cfg = WorkloadConfig.defaults(4).withSteps(400).withGpuNanos(150_000)
                    .withHandoffEvery(4).withEmptyCacheMillis(2).withFlushEvery(4).withMix(SizeMix.light());
            WorkloadResult r = InferenceWorkload.run(rt, cfg, null);
            List<String> bad = new ArrayList<>(r.violationTexts());
            bad.addAll(r.leaks());
            bad.addAll(r.faults());
            bad.addAll(RunChecks.closeAndCheck(rt));
            if (!bad.isEmpty()) {
                throw new AssertionError("workload found " + r.violations() + " violation(s), " + r.leaks().size()
                        + " leak(s):\n  " + String.join("\n  ", bad.subList(0, Math.min(10, bad.size()))));
            }
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }
}
