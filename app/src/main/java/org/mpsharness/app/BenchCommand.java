package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpsharness.bench.CheckerBenchmark;
import org.mpsharness.bench.report.PerformanceReport;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.PoolChurn;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.spec.StreamPoolHistorySpec;
import picocli.CommandLine;

/**
 * {@code ./harness bench}: the allocator workload ({@link BenchAlloc}), the JMH benchmarks ({@link BenchJmh}), the
 * performance report regenerated from their JSON, and the checker's benchmarks: a picocli command whose subcommands
 * each have their own options and {@code --help}.
 */
@CommandLine.Command(name = "bench", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        subcommands = CommandLine.HelpCommand.class,
        description = "Benchmarks: the allocator workload, the JMH benchmarks, the performance page, the checker.")
final class BenchCommand implements Callable<Integer> {
    private final Harness h;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    BenchCommand(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: alloc, jmh, "
                + "report, pool-history or checker");
    }

    /** The command with the subcommands that are classes of their own (picocli adds the methods below itself). */
    static CommandLine withSubcommands(Harness h) {
        CommandLine cl = new CommandLine(new BenchCommand(h));
        cl.addSubcommand(new BenchAlloc(h));
        cl.addSubcommand(new BenchJmh(h));
        return cl;
    }

    /** docs/performance.md and its plots from the JSON of every run under {@code --results}. */
    @CommandLine.Command(name = "report", mixinStandardHelpOptions = true,
            description = "docs/performance.md and its SVG plots, regenerated from the JSON of every run under "
                    + "--results.")
    int report(@CommandLine.Option(names = "--results", defaultValue = "docs/results", paramLabel = "DIR",
                       description = "the runs' folders (default: ${DEFAULT-VALUE})") Path results,
               @CommandLine.Option(names = "--out", defaultValue = "docs/performance.md", paramLabel = "FILE",
                       description = "the page (default: ${DEFAULT-VALUE})") Path page) {
        try {
            PerformanceReport.write(results, page);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        h.out.println("wrote " + page + " and the plots beside the JSON under " + results);
        return Command.OK;
    }

    /** The offline checker on the public Jepsen histories beside Porcupine's figures (CheckerBenchmark). */
    @CommandLine.Command(name = "checker", mixinStandardHelpOptions = true,
            description = "The offline checker on the public Jepsen histories, beside Porcupine's figures.")
    int checker(@CommandLine.Option(names = "--data", paramLabel = "DIR", description = "the public histories "
                        + "(default: the property harness.benchmarks.dir, else ../shared/benchmarks)") Path dataDir,
                @CommandLine.Option(names = "--rounds", paramLabel = "N", defaultValue = "9",
                        description = "timed rounds, 1..1000 "
                        + "(default: ${DEFAULT-VALUE})") int rounds,
                @CommandLine.Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
                        description = "warm-up rounds, 0..1000 "
                        + "(default: ${DEFAULT-VALUE})") int warmup) {
        Path data = dataDir != null ? dataDir : Path.of(System.getProperty("harness.benchmarks.dir",
                "../shared/benchmarks"));
        if (!Files.isDirectory(data)) {
            throw new UsageException("no public histories at " + data + " (give --data DIR)");
        }
        try {
            return CheckerBenchmark.run(h.out, data, Args.range("--rounds", rounds, 1, 1000),
                    Args.range("--warmup", warmup, 0, 1000));
        } catch (IOException | HistoryFormatException e) {
            throw new UsageException("checker benchmark failed: " + e.getMessage());
        }
    }

    /**
     * A recorded stream-pool history of about {@code --ops} operations (thread churn with double and foreign releases
     * on the improved pool, simulated device) decided by the offline checker; prints size, partitions and time.
     */
    @CommandLine.Command(name = "pool-history", mixinStandardHelpOptions = true,
            description = "The checker on a recorded stream-pool history (and on a falsified copy, which it must "
                    + "refuse).")
    int poolHistory(@CommandLine.Option(names = "--ops", paramLabel = "N", defaultValue = "100000",
            description = "operations, "
                            + "100..10000000 (default: ${DEFAULT-VALUE})") int opsArg,
                    @CommandLine.Option(names = "--threads", paramLabel = "N", defaultValue = "8",
                            description = "1..31 "
                            + "(default: ${DEFAULT-VALUE})") int threadsArg,
                    @CommandLine.Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
                            description = "timed rounds, 1..100 "
                            + "(default: ${DEFAULT-VALUE})") int roundsArg) {
        int ops = Args.range("--ops", opsArg, 100, 10_000_000);
        int threads = Args.range("--threads", threadsArg, 1, 31);
        int rounds = Args.range("--rounds", roundsArg, 1, 100);
        PrintStream out = h.out;
        OpLog log = new OpLog();
        SimDevice dev = new SimDevice();
        try (StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults())) {
            // an iteration records 2.25 operations on average (acquire, release, 1/8 foreign, 1/8 double)
            PoolChurn.run(pool, threads, (int) (ops / 2.25 / threads), 42, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Command.VIOLATION;
        }
        History history = RecordedHistories.from(log, "pool churn").get(RecordedHistories.POOL);
        var spec = new StreamPoolHistorySpec();
        CheckResult ok = timeCheck(out, "stream-pool history", spec, history, threads, rounds);
        // a wrong answer near the end: a thread told its own slot was already free (the spec must refuse it)
        List<Operation> falsified = new ArrayList<>(history.operations());
        for (int i = falsified.size() * 9 / 10; i < falsified.size(); i++) {
            Operation op = falsified.get(i);
            if (op.f().equals("release") && "RELEASED".equals(op.output())) {
                falsified.set(i, Operation.completed(op.process(), op.f(), op.input(), "ALREADY_FREE", op.call(),
                        op.ret()));
                break;
            }
        }
        CheckResult bad = timeCheck(out, "same, one release falsified", spec,
                new History(history.source() + ", falsified", falsified), threads, rounds);
        return ok.isLinearizable() && !bad.isLinearizable() ? Command.OK : Command.VIOLATION;
    }

    /** Times the decider (validation, then the search: the path every history takes) on a recorded history. */
    private static CheckResult timeCheck(PrintStream out, String what, StreamPoolHistorySpec spec,
            History history, int threads, int rounds) {
        var decider = new HistoryDecider(new LinearizabilityChecker().withTimeLimit(Duration.ofSeconds(60)));
        CheckResult r = decide(decider, spec, history); // untimed: class loading and JIT warm-up
        double[] secs = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            r = decide(decider, spec, history);
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(secs);
        out.printf("%s: %,d operations, %d threads, %d partitions: %s, best %.3f s, median %.3f s"
                + " (%d timed rounds after 1 untimed)%n", what, history.size(), threads, r.partitions(), r.verdict(),
                secs[0], secs[rounds / 2], rounds);
        return r;
    }

    private static CheckResult decide(HistoryDecider decider, StreamPoolHistorySpec spec, History history) {
        try {
            return decider.decide(history, spec);
        } catch (HistoryFormatException e) {
            throw new IllegalStateException("the recorder wrote a history its spec rejects: " + e.getMessage(), e);
        }
    }
}
