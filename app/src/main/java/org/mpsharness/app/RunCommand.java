package org.mpsharness.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGates;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.RecordingCommitGate;
import org.mpsharness.core.workload.Rhythm;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.SizeMix;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;
import picocli.CommandLine;

/**
 * The main job: the inference workload on one device for the baseline and the improved designs, with a summary per
 * design (operations, throughput, violations, leaks). Exit 0 when every design ran clean, 1 otherwise. Every option,
 * the environment and {@code --history} are checked before the first workload starts.
 */
@CommandLine.Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The inference workload on a device for both designs (the default command).")
final class RunCommand implements Callable<Integer> {
    /** Opens a device by backend name; the app wires the native backends in. */
    public interface DeviceOpener {
        Device open(String backend);
    }

    static final List<String> BACKENDS = List.of("sim", "cuda", "metal");

    private final Harness h;

    @CommandLine.Option(names = "--backend", defaultValue = "sim", paramLabel = "NAME",
            description = "sim|cuda|metal (default: ${DEFAULT-VALUE})")
    String backend;
    @CommandLine.Option(names = "--design", paramLabel = "SPEC",
            description = "both|ablations|SPEC (default: both; improved "
            + "with --variant)")
    String design;
    @CommandLine.Option(names = "--variant", paramLabel = "CLASS",
            description = "a class that replaces its part in each design")
    String variant;
    @CommandLine.Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "workers, 1..31 (default: ${DEFAULT-VALUE})")
    int threads;
    @CommandLine.Option(names = "--steps", paramLabel = "N", defaultValue = "2000",
            description = "steps per worker, 1..100000000 "
            + "(default: ${DEFAULT-VALUE})")
    int steps;
    @CommandLine.Option(names = "--mix", paramLabel = "NAME", defaultValue = "light",
            description = "light|peers (default: ${DEFAULT-VALUE})")
    String mix;
    @CommandLine.Option(names = "--seed", paramLabel = "N",
            description = "the workload's seed (default: 42, or fresh with --vary-rhythm)")
    Long seed;
    @CommandLine.Option(names = "--gpu-nanos", paramLabel = "N", defaultValue = "20000",
            description = "simulated GPU time per kernel, "
            + "0..1000000000 (default: ${DEFAULT-VALUE})")
    long gpuNanos;
    @CommandLine.Option(names = "--empty-cache-ms", paramLabel = "N", defaultValue = "0",
            description = "a background emptyCache every N ms, "
            + "0..60000; 0: none (default: ${DEFAULT-VALUE})")
    long emptyCacheMs;
    @CommandLine.Option(names = "--handoff-every", paramLabel = "N", defaultValue = "8",
            description = "0..1000000 (default: ${DEFAULT-VALUE})")
    int handoffEvery;
    @CommandLine.Option(names = "--flush-every", paramLabel = "N", defaultValue = "0",
            description = "0..1000000 (default: ${DEFAULT-VALUE})")
    int flushEvery;
    @CommandLine.Option(names = "--churn-every", paramLabel = "N", defaultValue = "0",
            description = "0..1000000 (default: ${DEFAULT-VALUE})")
    int churnEvery;
    @CommandLine.Option(names = "--default-every", paramLabel = "N", defaultValue = "0",
            description = "0..1000000 (default: ${DEFAULT-VALUE})")
    int defaultEvery;
    @CommandLine.Option(names = "--vary-rhythm", description = "draw every interval from the seed, as the checks do")
    boolean varyRhythm;
    @CommandLine.Option(names = "--history", paramLabel = "DIR",
            description = "record the histories as JSON lines into DIR and "
            + "decide them")
    Path history;
    @CommandLine.Mixin
    OutputOptions output;
    @CommandLine.Mixin
    OutputOptions.ProgressOption progress;

    RunCommand(Harness h) {
        this.h = h;
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

    private WorkloadConfig config() {
        Args.choice("--backend", backend, BACKENDS);
        Args.choice("--mix", mix, List.of("light", "peers"));
        WorkloadConfig cfg = WorkloadConfig.defaults(Args.range("--threads", threads, 1, 31))
                .withSteps(Args.range("--steps", steps, 1, 100_000_000))
                .withMix(mix.equals("peers") ? SizeMix.peers() : SizeMix.light())
                .withSeed(seed != null ? seed : varyRhythm ? Rhythm.freshSeed() : 42)
                .withGpuNanos(Args.range("--gpu-nanos", gpuNanos, 0, 1_000_000_000))
                .withEmptyCacheMillis(Args.range("--empty-cache-ms", emptyCacheMs, 0, 60_000))
                .withHandoffEvery(Args.range("--handoff-every", handoffEvery, 0, 1_000_000))
                .withFlushEvery(Args.range("--flush-every", flushEvery, 0, 1_000_000))
                .withChurnEvery(Args.range("--churn-every", churnEvery, 0, 1_000_000))
                .withDefaultEvery(Args.range("--default-every", defaultEvery, 0, 1_000_000));
        // every interval drawn from the seed (threads up to --threads), as the checks do; steps and mix kept
        return varyRhythm ? Rhythm.vary(cfg, cfg.seed()) : cfg;
    }

    @Override
    public Integer call() {
        WorkloadConfig cfg = config();
        String mode = Env.commitMode(h.env);
        List<DesignSet> designs = designs(design != null ? design : variant == null ? "both" : "improved", variant);
        if (history != null) {
            Session.Writable.dir(history, "--history");
        }
        try (Session s = h.session("run", output, progress)) {
            return s.finish(run(s, cfg, designs, mode));
        }
    }

    private int run(Session s, WorkloadConfig cfg, List<DesignSet> designs, String mode) {
        PrintStream out = Harness.clearing(h.out, s.progress());
        Map<String, String> env = h.env;
        // the first device decides the watermark defaults (unified memory or not): checked before the header
        Device first = h.devices.open(backend);
        AllocatorConfig allocConfig;
        try {
            allocConfig = Env.allocator(env, first.hasUnifiedMemory());
        } catch (UsageException e) {
            first.close();
            throw e;
        }
        out.printf("workload: %d threads x %d steps, %s mix, backend %s (%s)%n", cfg.threads(), cfg.steps(), mix,
                backend, first.name());
        out.println("rhythm: " + cfg.rhythm());
        s.progress().start("run", designs.size());
        boolean clean = true;
        Device device = first;
        for (DesignSet d : designs) {
            if (device == null) {
                device = h.devices.open(backend);
            }
            s.progress().step(d.name());
            OpLog log = history == null ? null : new OpLog();
            MpsRuntime rt;
            try {
                rt = MpsRuntime.create(d, device, PoolConfig.defaults(), allocConfig,
                        mode == null ? Map.of() : Map.of(CommitGates.ENV, mode),
                        g -> log == null ? g : new RecordingCommitGate(g, log));
            } catch (IllegalArgumentException e) {
                device.close();
                throw new UsageException(e.getMessage());
            }
            WorkloadResult r = InferenceWorkload.run(rt, cfg, log);
            List<String> leaks = new ArrayList<>(r.leaks());
            leaks.addAll(RunChecks.closeAndCheck(rt));
            String deviceName = device.name();
            device.close();
            device = null;
            if (s.interrupted()) {
                break;
            }
            out.println(r.summary());
            out.println("  parts: " + d.describe());
            r.violationTexts().forEach(v -> out.println("  violation: " + v));
            r.faults().forEach(f -> out.println("  fault: " + f));
            leaks.forEach(l -> out.println("  leak: " + l));
            HistoryFiles.Outcome hs = log == null ? HistoryFiles.Outcome.NONE
                    : HistoryFiles.writeAndCheck(log, history, d.name(), out);
            s.results().workload(new ResultsDoc.Workload(d.name(), d.describe(), backend, deviceName, cfg.threads(),
                    cfg.steps(), cfg.seed(), r.ops(), r.nanos() / 1e9, r.opsPerSecond(), r.violations(),
                    trim(r.violationTexts()), trim(r.faults()), trim(leaks), hs.verdicts()));
            clean &= r.violations() == 0 && leaks.isEmpty() && r.faults().isEmpty() && hs.ok();
            s.progress().advance();
        }
        out.println(clean ? "OK: every design ran with 0 violations and 0 leaks"
                : "FAILED: see violations and leaks above");
        return clean ? Command.OK : Command.VIOLATION;
    }

    /** At most 50 entries of a list of problems for the results (the console shows them all). */
    static List<String> trim(List<String> texts) {
        return texts.size() <= 50 ? List.copyOf(texts) : List.copyOf(texts.subList(0, 50));
    }
}
