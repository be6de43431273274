package org.mpsharness.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormat;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.SyntheticHistories;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.KeyValueSpec;
import org.mpsharness.model.spec.RegisterSpec;
import org.mpsharness.model.spec.WholeStoreKeyValueSpec;

/**
 * Times the checker on the public histories and on a generated 100,000-operation history, and prints a table beside
 * Porcupine's published figures. A command, not a test: timings belong in a report, not in assertions that fail on a
 * busy machine.
 *
 * <p>As in Porcupine's benchmarks, parsing is outside the timed region and only the verdict is computed (no violation
 * window). What is timed is the path every user of the checker takes, {@link HistoryDecider}: validation against the
 * spec, then the search. The etcd figure is the sum over the 102 histories of each one's time. All public cases first run untimed
 * for a few seconds so that the JIT has compiled what they use; then each case runs its own warm-up rounds and several
 * timed rounds, and the best and median round are reported. Each verdict is also checked against the expected one,
 * so a fast wrong answer shows up as MISMATCH.
 *
 * <pre>
 * ./mvnw -q -B -pl bench -am -DskipTests package
 * java -XX:+UseParallelGC -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp bench/target/classes:model/target/classes \
 *     org.mpsharness.bench.CheckerBenchmark [--data DIR] [--rounds N] [--warmup N]
 * </pre>
 * (A fixed, pre-touched heap keeps page faults and heap resizing out of the timings; the tests run on the same
 * parallel collector.)
 * {@code DIR} is the benchmarks directory (default: the {@code harness.benchmarks.dir} property, else
 * {@code ../shared/benchmarks}).
 */
public final class CheckerBenchmark {
    private static final long WARM_UP_NANOS = 5_000_000_000L;
    private final PrintStream out;
    private final int rounds;
    private final int warmup;
    private final LinearizabilityChecker checker = new LinearizabilityChecker().withViolationWindow(false);
    private final HistoryDecider decider = new HistoryDecider(checker);
    private boolean mismatch;

    private CheckerBenchmark(PrintStream out, int rounds, int warmup) {
        this.out = out;
        this.rounds = rounds;
        this.warmup = warmup;
    }

    /** The command line of {@link #main}: picocli, with {@code --help}; a usage error is one line and exit 2. */
    @picocli.CommandLine.Command(name = "CheckerBenchmark", mixinStandardHelpOptions = true,
            description = "The offline checker on the public Jepsen histories, beside Porcupine's figures.")
    static final class Args {
        @picocli.CommandLine.Option(names = "--data", paramLabel = "DIR", description = "the public histories "
                + "(default: the property harness.benchmarks.dir, else ../shared/benchmarks)")
        Path data = Path.of(System.getProperty("harness.benchmarks.dir", "../shared/benchmarks"));
        @picocli.CommandLine.Option(names = "--rounds", description = "timed rounds, 1..1000 (default: 7)")
        int rounds = 7;
        @picocli.CommandLine.Option(names = "--warmup", description = "warm-up rounds, 0..1000 (default: 5)")
        int warmup = 5;
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args();
        picocli.CommandLine cl = new picocli.CommandLine(a);
        try {
            if (picocli.CommandLine.printHelpIfRequested(cl.parseArgs(args))) {
                System.exit(0);
            }
            if (a.rounds < 1 || a.rounds > 1000 || a.warmup < 0 || a.warmup > 1000) {
                throw new picocli.CommandLine.ParameterException(cl, "--rounds must be in 1..1000 and --warmup in "
                        + "0..1000 (got " + a.rounds + ", " + a.warmup + ")");
            }
        } catch (picocli.CommandLine.ParameterException e) {
            System.err.println("CheckerBenchmark: " + e.getMessage().lines().findFirst().orElse("")
                    + " (try: --help)");
            System.exit(2);
        }
        System.exit(run(System.out, a.data, a.rounds, a.warmup));
    }

    /** Runs every case; returns 0, or 1 when some verdict was not the expected one. */
    public static int run(PrintStream out, Path benchmarks, int rounds, int warmup)
            throws IOException, HistoryFormatException {
        CheckerBenchmark b = new CheckerBenchmark(out, rounds, warmup);
        Path lin = benchmarks.resolve("linearizability");
        out.printf(Locale.ROOT, "checker benchmark: %d cores, Java %s, %d warm-up + %d timed rounds, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), warmup, rounds,
                loadAverage());
        out.printf(Locale.ROOT, "%-40s %8s %6s  %-9s %9s %9s  %s%n", "case", "ops", "parts", "verdict", "best",
                "median", "Porcupine");
        if (Files.isDirectory(lin)) {
            // first let the JIT compile everything the cases use, so that no case pays for the ones before it
            CheckerBenchmark silent = new CheckerBenchmark(new PrintStream(OutputStream.nullOutputStream()), 1, 0);
            long warmStart = System.nanoTime();
            while (System.nanoTime() - warmStart < WARM_UP_NANOS) {
                silent.publicCases(lin);
            }
            b.publicCases(lin);
        } else {
            out.println("(public histories absent: " + lin + " does not exist; only the generated case runs)");
        }
        b.synthetic();
        out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
        return b.mismatch ? 1 : 0;
    }

    private void publicCases(Path lin) throws IOException, HistoryFormatException {
        etcdSet(lin.resolve("jepsen-etcd"));
        KeyValueSpec kv = new KeyValueSpec();
        WholeStoreKeyValueSpec whole = new WholeStoreKeyValueSpec();
        kv(lin, "c50-ok", kv, "0.17 s");
        kv(lin, "c50-bad", kv, "0.03 s");
        kv(lin, "c10-ok", whole, "~2 s");
        kv(lin, "c10-bad", whole, "~2 s");
    }

    /** Other work on the machine skews timings; the load average at least says how much there was. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void etcdSet(Path dir) throws IOException, HistoryFormatException {
        List<String> names = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        List<Verdict> expected = new ArrayList<>();
        int ops = 0;
        for (String line : Files.readAllLines(dir.resolve("verdicts.tsv"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            names.add(cols[0]);
            History h = HistoryFormat.JEPSEN_ETCD.read(dir.resolve(cols[0]));
            histories.add(h);
            ops += h.size();
            expected.add(cols[1].equals("linearizable") ? Verdict.OK : Verdict.VIOLATION);
        }
        RegisterSpec spec = new RegisterSpec();
        long[] sums = new long[rounds];
        long[][] each = new long[histories.size()][rounds];
        boolean allRight = true;
        for (int r = -warmup; r < rounds; r++) {
            for (int i = 0; i < histories.size(); i++) {
                long t = System.nanoTime();
                CheckResult result = decider.decide(histories.get(i), spec);
                long dt = System.nanoTime() - t;
                allRight &= result.verdict() == expected.get(i);
                if (r >= 0) {
                    sums[r] += dt;
                    each[i][r] = dt;
                }
            }
        }
        // the same with the violation windows the command line prints, which cost extra searches
        HistoryDecider explaining = new HistoryDecider(checker.withViolationWindow(true));
        long[] withWindows = new long[rounds];
        for (int r = -warmup; r < rounds; r++) {
            long t = System.nanoTime();
            for (History h : histories) {
                explaining.decide(h, spec);
            }
            if (r >= 0) {
                withWindows[r] = System.nanoTime() - t;
            }
        }
        int slowest = 0;
        for (int i = 0; i < each.length; i++) {
            if (median(each[i]) > median(each[slowest])) {
                slowest = i;
            }
        }
        row("etcd set, " + histories.size() + " histories (sum)", ops, 1, allRight ? "all right" : "MISMATCH", sums,
                "0.48 s");
        row("  slowest single: " + names.get(slowest), histories.get(slowest).size(), 1, "", each[slowest],
                "0.18 s (etcd_002)");
        row("  same, with violation windows (total)", ops, 1, "", withWindows, "-");
        mismatch |= !allRight;
    }

    private <S> void kv(Path lin, String name, Spec<S> spec, String porcupine)
            throws IOException, HistoryFormatException {
        Path file = lin.resolve("kv").resolve(name + ".txt");
        History h = HistoryFormat.JEPSEN_KV.read(file);
        Verdict expected = name.endsWith("-ok") ? Verdict.OK : Verdict.VIOLATION;
        String label = name + (spec.partition(h.operations()).size() > 1 ? ", partitioned by key" : ", unpartitioned");
        time(label, spec, h, expected, porcupine, warmup, rounds);
    }

    private void synthetic() throws HistoryFormatException {
        int n = 100_000;
        long t = System.nanoTime();
        History ok = new History("generated", SyntheticHistories.keyValue(n, 31, 8, 0.01, false, 42));
        History bad = new History("generated, falsified", SyntheticHistories.keyValue(n, 31, 8, 0.01, true, 42));
        out.printf(Locale.ROOT, "  (generated 2 x %d operations in %.2f s)%n", n, (System.nanoTime() - t) / 1e9);
        int few = Math.max(1, Math.min(rounds, 3));
        time("generated kv, 31 keys, 8 processes", new KeyValueSpec(), ok, Verdict.OK, "-", 1, few);
        time("  same, one read falsified", new KeyValueSpec(), bad, Verdict.VIOLATION, "-", 1, few);
    }

    private <S> void time(String label, Spec<S> spec, History h, Verdict expected, String porcupine,
                          int warm, int timed) throws HistoryFormatException {
        long[] times = new long[timed];
        boolean right = true;
        int parts = 0;
        for (int r = -warm; r < timed; r++) {
            long t = System.nanoTime();
            CheckResult result = decider.decide(h, spec);
            long dt = System.nanoTime() - t;
            right &= result.verdict() == expected;
            parts = result.partitions();
            if (r >= 0) {
                times[r] = dt;
            }
        }
        mismatch |= !right;
        row(label, h.size(), parts, right ? expected.toString() : "MISMATCH", times, porcupine);
    }

    private void row(String label, int ops, int parts, String verdict, long[] times, String porcupine) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "%-40s %8d %6d  %-9s %9s %9s  %s%n", label, ops, parts, verdict, secs(sorted[0]),
                secs(median(times)), porcupine);
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String secs(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", Duration.ofNanos(nanos).toNanos() / 1e9);
    }
}
