package org.mpsharness.backend.smoke;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.backend.Backends;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.backend.common.DeviceDiagnostics;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.workload.InferenceWorkload;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.WorkloadConfig;
import org.mpsharness.core.workload.WorkloadResult;
import picocli.CommandLine;

/**
 * A quick self-check of a backend and the workload on both designs, printed as a table; for hosts with a JRE and the
 * jars but no Maven. Exit status 0 when everything passed, 1 when something failed, 2 when the backend is missing.
 *
 * <pre>
 * java -cp harness-native.jar:harness-core.jar:jna.jar org.mpsharness.backend.smoke.Smoke --backend cuda
 *      [--threads 4,16] [--steps 300] [--gpu-nanos 20000] [--option key=value ...]
 * </pre>
 */
public final class Smoke {
    private final PrintStream out;

    private Smoke(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, List.of(), System.out));
    }

    /** The command line: picocli, so {@code --help}, {@code --opt=value} and one-line usage errors (exit 2). */
    @CommandLine.Command(name = "Smoke", mixinStandardHelpOptions = true, sortOptions = false,
            description = "A quick self-check of a backend and the workload on both designs, as a table.")
    static final class Options {
        @CommandLine.Option(names = "--backend", defaultValue = "sim", description = "sim|cuda|metal "
                + "(default: ${DEFAULT-VALUE})")
        String backend;
        @CommandLine.Option(names = "--threads", defaultValue = "4", split = ",", paramLabel = "N,...",
                description = "thread counts, each 1..31 (default: ${DEFAULT-VALUE})")
        List<Integer> threads;
        @CommandLine.Option(names = "--steps", defaultValue = "300", description = "steps per worker, 1..10000000 "
                + "(default: ${DEFAULT-VALUE})")
        int steps;
        @CommandLine.Option(names = "--gpu-nanos", defaultValue = "20000", description = "simulated GPU time per "
                + "kernel, 0..1000000000 (default: ${DEFAULT-VALUE})")
        long gpuNanos;
        @CommandLine.Option(names = "--option", paramLabel = "KEY=VALUE", description = "a backend option, e.g. "
                + "device=0 or lib=/path/libcuda.so.1 (repeatable)")
        Map<String, String> options = new LinkedHashMap<>();

        void validate(CommandLine cl) {
            for (int t : threads) {
                if (t < 1 || t > 31) {
                    throw new CommandLine.ParameterException(cl, "thread counts must be 1..31 (got " + t + ")");
                }
            }
            if (steps < 1 || steps > 10_000_000) {
                throw new CommandLine.ParameterException(cl, "--steps must be in 1..10000000 (got " + steps + ")");
            }
            if (gpuNanos < 0 || gpuNanos > 1_000_000_000L) {
                throw new CommandLine.ParameterException(cl, "--gpu-nanos must be in 0..1000000000 (got " + gpuNanos
                        + ")");
            }
        }
    }

    /**
     * Runs the smoke test; returns the exit status: 0 passed, 1 something failed, 2 bad usage (one line) or no such
     * backend.
     *
     * @param extra backend-specific checks run after the standard ones
     */
    public static int run(String[] args, List<SelfCheck.Named> extra, PrintStream out) {
        Options o = new Options();
        CommandLine cl = new CommandLine(o).setOut(new java.io.PrintWriter(out, true));
        try {
            CommandLine.ParseResult parsed = cl.parseArgs(args);
            if (CommandLine.printHelpIfRequested(parsed)) {
                return 0;
            }
            o.validate(cl);
        } catch (CommandLine.ParameterException e) {
            out.println("Smoke: " + e.getMessage().lines().findFirst().orElse("") + " (try: --help)");
            return 2;
        }
        Device device;
        try {
            device = Backends.open(o.backend, o.options);
        } catch (BackendUnavailableException | IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        try {
            return new Smoke(out).runAll(o.backend, device, extra, o.threads, o.steps, o.gpuNanos);
        } finally {
            device.close();
        }
    }

    private int runAll(String backend, Device device, List<SelfCheck.Named> extra, List<Integer> threads, int steps,
                       long gpuNanos) {
        String gpu = device instanceof DeviceDiagnostics d ? d.gpuName() : device.name();
        Device.MemoryInfo mi = device.memoryInfo();
        out.printf("%s smoke test on %s: %.1f GiB total, %.1f GiB free, Java %s%n", backend, gpu,
                mi.total() / 1073741824.0, mi.free() / 1073741824.0, System.getProperty("java.version"));
        out.println();
        out.printf("%-36s %-6s %9s  %s%n", "check", "result", "time", "detail");
        List<SelfCheck.Named> checks = new ArrayList<>(SelfCheck.standard());
        checks.addAll(checks.size() - 1, extra); // the leak check stays last
        int passed = 0;
        for (SelfCheck.Named c : checks) {
            long t0 = System.nanoTime();
            String result;
            String detail;
            try {
                detail = c.check().run(device);
                result = "PASS";
                passed++;
            } catch (Throwable e) {
                detail = e.toString();
                result = "FAIL";
            }
            out.printf("%-36s %-6s %6.1f ms  %s%n", c.name(), result, (System.nanoTime() - t0) / 1e6, detail);
        }
        out.println();
        out.printf("%-9s %7s %6s %9s %8s %11s %12s %10s %6s %9s %9s%n", "design", "threads", "steps", "ops",
                "seconds", "ops/s", "violations", "device-viol", "leaks", "commits", "continues");
        int clean = 0;
        int runs = 0;
        List<String> notes = new ArrayList<>();
        for (int t : threads) {
            for (String design : List.of("baseline", "improved")) {
                runs++;
                if (workload(device, design, t, steps, gpuNanos, notes)) {
                    clean++;
                }
            }
        }
        for (String n : notes) {
            out.println("  " + n);
        }
        boolean ok = passed == checks.size() && clean == runs;
        out.println();
        out.printf("RESULT: %s (%d/%d checks passed, %d/%d workload runs clean)%n", ok ? "PASS" : "FAIL", passed,
                checks.size(), clean, runs);
        return ok ? 0 : 1;
    }

    private boolean workload(Device device, String design, int threads, int steps, long gpuNanos, List<String> notes) {
        long deviceViolationsBefore = device instanceof DeviceDiagnostics d ? d.violationCount() : 0;
        MpsRuntime rt = MpsRuntime.create(DesignSet.parse(design), device);
        WorkloadResult r;
        try {
            r = InferenceWorkload.run(rt, WorkloadConfig.defaults(threads).withSteps(steps).withGpuNanos(gpuNanos),
                    null);
        } catch (RuntimeException e) {
            notes.add(design + " x" + threads + ": " + e);
            RunChecks.closeAndCheck(rt);
            out.printf("%-9s %7d %6d %9s%n", design, threads, steps, "FAILED");
            return false;
        }
        List<String> leaks = new ArrayList<>(r.leaks());
        leaks.addAll(RunChecks.closeAndCheck(rt));
        long devViol = (device instanceof DeviceDiagnostics d ? d.violationCount() : 0) - deviceViolationsBefore;
        out.printf("%-9s %7d %6d %,9d %8.2f %,11.0f %12d %10d %6d %,9d %,9d%n", design, threads, steps, r.ops(),
                r.nanos() / 1e9, r.opsPerSecond(), r.violations(), devViol, leaks.size(), r.commits()[0],
                r.commits()[1]);
        r.violationTexts().stream().limit(5).forEach(v -> notes.add(design + " x" + threads + ": " + v));
        leaks.stream().limit(5).forEach(l -> notes.add(design + " x" + threads + " leak: " + l));
        if (devViol > 0 && device instanceof DeviceDiagnostics d) {
            d.violations().stream().limit(5).forEach(v -> notes.add(design + " x" + threads + " device: " + v));
        }
        return r.violations() == 0 && leaks.isEmpty() && devViol == 0;
    }
}
