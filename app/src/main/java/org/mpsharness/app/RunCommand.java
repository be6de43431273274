package org.mpsharness.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.design.DesignSet;

import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.RecordingCommitGate;
import org.mpsharness.core.workload.Rhythm;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.SizeMix;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;

/**
 * The main job: the inference workload on one device for the baseline and the improved designs, with a summary per
 * design (operations, throughput, violations, leaks). Exit 0 when every design ran clean, 1 otherwise.
 */
public final class RunCommand implements Command {
    private final Map<String, String> env;
    private final DeviceOpener devices;

    /** Opens a device by backend name; the app wires the native backends in. */
    public interface DeviceOpener {
        Device open(String backend);
    }

    public RunCommand(Map<String, String> env, DeviceOpener devices) {
        this.env = env;
        this.devices = devices;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "the workload on a device for both designs (default command): "
                + "[--backend sim|cuda|metal] [--design both|ablations|SPEC] [--threads N] [--steps N] "
                + "[--mix light|peers] [--seed N] [--gpu-nanos N] [--empty-cache-ms N] [--handoff-every N] "
                + "[--flush-every N] [--churn-every N] [--default-every N] [--vary-rhythm] [--variant CLASS] "
                + "[--history DIR]";
    }

    /**
     * The designs a command runs: {@code both} (baseline and improved), {@code ablations} (the baseline with each
     * improvement alone), or one design spec ({@link DesignSet#parse}); with a variant, that class replaces its part in
     * each of them.
     */
    static List<DesignSet> designs(String which, String variantClass) {
        try {
            List<DesignSet> ds = which.equals("both") ? DesignSet.both()
                    : which.equals("ablations") ? DesignSet.ablations() : List.of(DesignSet.parse(which));
            if (variantClass == null) {
                return ds;
            }
            Class<?> v = Class.forName(variantClass);
            List<DesignSet> out = new ArrayList<>();
            for (DesignSet d : ds) {
                out.add(d.with(v));
            }
            return out;
        } catch (ClassNotFoundException e) {
            throw new UsageException("class not found: " + variantClass);
        } catch (IllegalArgumentException | LinkageError e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("backend", "design", "threads", "steps", "mix", "seed", "gpu-nanos",
                "empty-cache-ms", "handoff-every", "variant", "history", "flush-every", "churn-every", "default-every"),
                Set.of("vary-rhythm"));
        if (!o.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + o.positional().get(0) + "'");
        }
        String backend = o.choice("backend", "sim", Set.of("sim", "cuda", "metal"));
        String variant = o.get("variant", null);
        String which = o.get("design", variant == null ? "both" : "improved");
        int threads = o.intValue("threads", 4, 1, 31);
        WorkloadConfig cfg = WorkloadConfig.defaults(threads)
                .withSteps(o.intValue("steps", 2_000, 1, 100_000_000))
                .withMix(o.choice("mix", "light", Set.of("light", "peers")).equals("peers") ? SizeMix.peers()
                        : SizeMix.light())
                .withSeed(o.longValue("seed", o.flag("vary-rhythm") ? Rhythm.freshSeed() : 42, Long.MIN_VALUE,
                        Long.MAX_VALUE))
                .withGpuNanos(o.longValue("gpu-nanos", 20_000, 0, 1_000_000_000))
                .withEmptyCacheMillis(o.longValue("empty-cache-ms", 0, 0, 60_000))
                .withHandoffEvery(o.intValue("handoff-every", 8, 0, 1_000_000))
                .withFlushEvery(o.intValue("flush-every", 0, 0, 1_000_000))
                .withChurnEvery(o.intValue("churn-every", 0, 0, 1_000_000))
                .withDefaultEvery(o.intValue("default-every", 0, 0, 1_000_000));
        if (o.flag("vary-rhythm")) {
            // every interval drawn from the seed (threads up to --threads), as the checks do; steps and mix kept
            cfg = Rhythm.vary(cfg, cfg.seed());
        }
        PoolConfig poolConfig = PoolConfig.defaults();
        AllocatorConfig allocConfig;
        try {
            allocConfig = AllocatorConfig.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<DesignSet> designs = designs(which, variant);
        List<WorkloadResult> results = new ArrayList<>();
        boolean clean = true;
        boolean header = false;
        for (DesignSet d : designs) {
            Device device = devices.open(backend);
            if (!header) {
                out.printf("workload: %d threads x %d steps, %s mix, backend %s (%s)%n", cfg.threads(), cfg.steps(),
                        o.get("mix", "light"), backend, device.name());
                out.println("rhythm: " + cfg.rhythm());
                header = true;
            }
            OpLog log = o.get("history", null) == null ? null : new OpLog();
            MpsRuntime rt;
            try {
                rt = MpsRuntime.create(d, device, poolConfig, allocConfig, env,
                        g -> log == null ? g : new RecordingCommitGate(g, log));
            } catch (IllegalArgumentException e) {
                device.close();
                throw new UsageException(e.getMessage());
            }
            WorkloadResult r = InferenceWorkload.run(rt, cfg, log);
            List<String> closeLeaks = RunChecks.closeAndCheck(rt);
            device.close();
            results.add(r);
            out.println(r.summary());
            out.println("  parts: " + d.describe());
            for (String v : r.violationTexts()) {
                out.println("  violation: " + v);
            }
            for (String f : r.faults()) {
                out.println("  fault: " + f);
            }
            List<String> leaks = new ArrayList<>(r.leaks());
            leaks.addAll(closeLeaks);
            for (String l : leaks) {
                out.println("  leak: " + l);
            }
            boolean histories = log == null || HistoryFiles.writeAndCheck(log, Path.of(o.get("history", null)),
                    d.name(), out);
            clean &= r.violations() == 0 && leaks.isEmpty() && r.faults().isEmpty() && histories;
        }
        out.println(clean ? "OK: every design ran with 0 violations and 0 leaks"
                : "FAILED: see violations and leaks above");
        return clean ? OK : VIOLATION;
    }
}
