package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.devices.Devices;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.RecordingCommitGate;
import org.mpsharness.core.workload.Rhythm;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.SizeMix;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;
import org.mpsharness.model.lincheck.LincheckRunner;

/**
 * The inference workload on the simulated device (or the backend named by {@code harness.backend}) with the variant in the improved design: owner patterns read back by
 * GPU work, hand-overs to other streams, flushes, a background emptyCache, the lock-order checker on, and the
 * end-of-run leak and statistics checks. Each round draws its rhythm from a seed ({@link Rhythm}) and prints it, so a
 * failure names the seed that repeats it ({@code -D}{@value #SEED_PROPERTY}{@code =N}).
 */
public final class WorkloadCheck implements Check {
    /** System property fixing the first round's seed (later rounds use the following seeds). */
    public static final String SEED_PROPERTY = "harness.seed";

    @Override
    public String name() {
        return "workload";
    }

    @Override
    public boolean appliesTo(Component c) {
        return true;
    }

    @Override
    public void run(Class<?> impl, Component c) {
        DesignSet d = c.design(impl);
        long seed = firstSeed();
        int rounds = LincheckRunner.thorough() ? 8 : 2;
        for (int r = 0; r < rounds; r++) {
            WorkloadConfig cfg = rhythm(seed + r, LincheckRunner.thorough() ? 1_500 : 300);
            List<String> bad = runOnce(d, cfg, null);
            if (!bad.isEmpty()) {
                throw new AssertionError("workload (" + cfg.rhythm() + ") found " + bad.size() + " problem(s):\n  "
                        + String.join("\n  ", bad.subList(0, Math.min(10, bad.size()))));
            }
        }
    }

    /** The seed of the first round: the property, or a fresh one (printed by the round). */
    static long firstSeed() {
        String s = System.getProperty(SEED_PROPERTY);
        if (s == null || s.isBlank()) {
            return Rhythm.freshSeed();
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be an integer (got '" + s + "')");
        }
    }

    /** The base shape of a checking run (4 threads, light mix) with its rhythm drawn from {@code seed}. */
    static WorkloadConfig rhythm(long seed, int steps) {
        return Rhythm.vary(WorkloadConfig.defaults(4).withSteps(steps).withMix(SizeMix.light()), seed);
    }

    /**
     * One workload run of {@code d} on a fresh simulated device, recording into {@code log} if given: every
     * violation, leak and fault it found, and what closing the runtime found (empty when clean).
     */
    static List<String> runOnce(DesignSet d, WorkloadConfig cfg, OpLog log) {
        System.out.println("    workload round, " + cfg.rhythm());
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            Device dev = Devices.forChecks();
            try {
                MpsRuntime rt = MpsRuntime.create(d, dev, PoolConfig.defaults(), AllocatorConfig.forChecks(),
                        Map.of(), g -> log == null ? g : new RecordingCommitGate(g, log));
                WorkloadResult r = InferenceWorkload.run(rt, cfg, log);
                List<String> bad = new ArrayList<>(r.violationTexts());
                bad.addAll(r.leaks());
                bad.addAll(r.faults());
                bad.addAll(RunChecks.closeAndCheck(rt));
                return bad;
            } finally {
                dev.close();
            }
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }
}
