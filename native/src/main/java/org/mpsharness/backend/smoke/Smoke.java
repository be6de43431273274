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

    /**
     * Runs the smoke test; returns the exit status.
     *
     * @param extra backend-specific checks run after the standard ones
     */
    public static int run(String[] args, List<SelfCheck.Named> extra, PrintStream out) {
        String backend = "sim";
        List<Integer> threads = List.of(4);
        int steps = 300;
        long gpuNanos = WorkloadConfig.defaults(1).gpuNanos();
        Map<String, String> options = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (a) {
                    case "--backend" -> backend = need(a, v);
                    case "--threads" -> threads = parseList(need(a, v));
                    case "--steps" -> steps = Integer.parseInt(need(a, v));
                    case "--gpu-nanos" -> gpuNanos = Long.parseLong(need(a, v));
                    case "--option" -> {
                        String kv = need(a, v);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--option wants key=value: " + kv);
                        }
                        options.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            out.println("usage: --backend sim|cuda|metal [--threads 4,16] [--steps 300] [--gpu-nanos 20000] "
                    + "[--option key=value]...: " + e.getMessage());
            return 2;
        }
        Device device;
        try {
            device = Backends.open(backend, options);
        } catch (BackendUnavailableException e) {
            out.println(e.getMessage());
            return 2;
        }
        try {
            return new Smoke(out).runAll(backend, device, extra, threads, steps, gpuNanos);
        } finally {
            device.close();
        }
    }

    private static String need(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }

    private static List<Integer> parseList(String s) {
        List<Integer> r = new ArrayList<>();
        for (String p : s.split(",")) {
            r.add(Integer.parseInt(p.trim()));
        }
        return r;
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
