package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.core.devices.Devices;
import org.mpsharness.model.check.CheckOutcome.Verdict;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;
import picocli.CommandLine;

/**
 * {@code ./harness check --design CLASS [--jar FILE] [--thorough] [--check-timeout SECONDS]}: runs every applicable
 * check (contract, workload, recorded history, Lincheck stress and model checking) on a user's implementation of one of
 * the public interfaces, in a JVM of its own ({@link CheckJvm}) whose class path holds the harness and the user's jar.
 *
 * <p>Exit 0 when every check passed; 1 when one failed (its trace is printed), also when the design ended the JVM;
 * 2 for bad input: a missing, unreadable or wrong jar, or a class that cannot be checked (one line, decided before any
 * check runs); 3 when no check failed but one timed out (a thread dump is printed) or crashed (a harness defect);
 * 130 when interrupted (the check JVMs are killed, the verdicts so far written).
 */
@CommandLine.Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every applicable check on a design: a SlotFreelist, OncePerSlot, CommitGate, StreamPool or "
                + "CachingAllocator with the constructor convention of its kind.",
            "Each check runs in a JVM of its own, limited to " + CheckCommand.QUICK_SECONDS + " s ("
                + CheckCommand.THOROUGH_SECONDS + " s with --thorough, or --check-timeout)."})
final class CheckCommand implements Callable<Integer> {
    /** {@link CheckSuite#QUICK_LIMIT} and {@link CheckSuite#THOROUGH_LIMIT} as constants for the help text (a test
     * keeps them equal). */
    static final long QUICK_SECONDS = 300;
    static final long THOROUGH_SECONDS = 1800;
    private static final Pattern BINARY_NAME = Pattern.compile(
            "([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private final Harness h;

    @CommandLine.Option(names = "--design", required = true, paramLabel = "CLASS",
            description = "the fully qualified class name of the design")
    String design;
    @CommandLine.Option(names = "--jar", paramLabel = "FILE", description = "the jar that holds it (else: the "
            + "harness's class path)")
    String jar;
    @CommandLine.Option(names = "--backend", defaultValue = "sim", paramLabel = "NAME",
            description = "the device the workload and recorded-history checks run on: sim, cuda or metal (default: "
                    + "${DEFAULT-VALUE}); the other checks need no device")
    String backend;
    @CommandLine.Option(names = "--thorough", description = "thorough settings: 3 threads, more interleavings")
    boolean thorough;
    @CommandLine.Option(names = "--check-timeout", paramLabel = "SECONDS", description = "the limit of each check, "
            + "1..86400")
    Long checkTimeout;
    @CommandLine.Mixin
    OutputOptions output;
    @CommandLine.Mixin
    OutputOptions.ProgressOption progress;

    CheckCommand(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        if (!BINARY_NAME.matcher(design).matches()) {
            throw new UsageException("not a class name: '" + design + "' (give it fully qualified, e.g. com.example"
                    + ".MyFreelist)");
        }
        Duration dflt = thorough ? CheckSuite.THOROUGH_LIMIT : CheckSuite.QUICK_LIMIT;
        Duration limit = Duration.ofSeconds(checkTimeout == null ? dflt.toSeconds()
                : Args.range("--check-timeout", checkTimeout, 1, 86_400));
        Path jarPath = jar == null ? null : UserJar.validate(jar, design);
        if (jarPath == null && CheckCommand.class.getClassLoader().getResource(design.replace('.', '/') + ".class")
                == null) {
            throw new UsageException("class not found: " + design + " (give its jar with --jar)");
        }
        Args.choice("--backend", backend, RunCommand.BACKENDS);
        if (!backend.equals(Devices.SIM)) {
            h.devices.open(backend).close(); // an unavailable backend: one line, exit 2, before any check starts
        }
        // the check JVMs inherit every harness.* property (CheckJvm): they open this backend for their workloads
        String before = System.getProperty(Devices.BACKEND_PROPERTY);
        System.setProperty(Devices.BACKEND_PROPERTY, backend);
        try (Session s = h.session("check", output, progress)) {
            return s.finish(run(s, jarPath, limit));
        } finally {
            if (before == null) {
                System.clearProperty(Devices.BACKEND_PROPERTY);
            } else {
                System.setProperty(Devices.BACKEND_PROPERTY, before);
            }
        }
    }

    private int run(Session s, Path jarPath, Duration limit) {
        PrintStream out = Harness.clearing(h.out, s.progress());
        Path work;
        CheckJvm.Result r;
        try {
            work = CheckJvm.workDir();
            r = new CheckJvm(jarPath, thorough, limit, work, new Printer(design, limit, out, s)).run(design);
        } catch (UncheckedIOException e) {
            if (!s.interrupted()) {
                h.err.println("harness check: " + e.getMessage());
            }
            return Command.UNKNOWN; // no verdict: the checks could not be run on this machine
        }
        if (r.unusable() != null) {
            deleteQuietly(work);
            throw new UsageException(r.unusable());
        }
        int code = exitCode(r.outcomes());
        if (code == Command.OK) {
            deleteQuietly(work);
        } else {
            out.println("  (the check JVMs' own output: " + r.log() + ")");
        }
        out.println(switch (code) {
            case Command.OK -> "OK: every check passed";
            case Command.VIOLATION -> "FAILED: see the trace above";
            default -> "UNKNOWN: no check failed, but " + count(r.outcomes(), Verdict.TIMEOUT) + " timed out and "
                    + count(r.outcomes(), Verdict.ERROR) + " could not run (harness errors)";
        });
        return code;
    }

    /** 1 when a check failed; else 3 when one timed out or crashed (or none ran); else 0. */
    static int exitCode(List<CheckOutcome> outcomes) {
        if (outcomes.stream().anyMatch(CheckOutcome::rejected)) {
            return Command.VIOLATION;
        }
        return outcomes.isEmpty() || outcomes.stream().anyMatch(CheckOutcome::failed) ? Command.UNKNOWN
                : Command.OK;
    }

    private static long count(List<CheckOutcome> outcomes, Verdict v) {
        return outcomes.stream().filter(o -> o.verdict() == v).count();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** Prints the header when the class is known and each verdict as it arrives; records and counts them. */
    private static final class Printer implements CheckJvm.Listener {
        private final String name;
        private final Duration limit;
        private final PrintStream out;
        private final Session session;
        private String component = "";
        private List<String> checks = List.of();
        private int done;

        Printer(String name, Duration limit, PrintStream out, Session session) {
            this.name = name;
            this.limit = limit;
            this.out = out;
            this.session = session;
        }

        @Override
        public void design(String component, String constructor, List<String> checks) {
            this.component = component;
            this.checks = checks;
            out.printf("checking %s as %s (constructor %s); %d checks, each limited to %d s%n", name, component,
                    constructor, checks.size(), limit.toSeconds());
            session.progress().start("check " + simple(name), checks.size());
            if (!checks.isEmpty()) {
                session.progress().step(checks.get(0));
            }
        }

        @Override
        public void verdict(CheckOutcome r) {
            if (session.interrupted()) {
                return; // a check JVM killed by the interrupt is no verdict
            }
            session.results().check(new ResultsDoc.Check(name, component, r.check(), r.verdict().name(),
                    r.nanos() / 1e9, r.passed() ? null : r.shortTrace(200), null));
            out.printf("  %-26s %-7s %6.1f s%n", r.check(), r.verdict(), r.nanos() / 1e9);
            switch (r.verdict()) {
                case FAIL -> out.println(r.shortTrace(120).indent(6));
                case TIMEOUT -> out.println(r.shortTrace(80).indent(6));
                case ERROR -> out.println(("the check itself crashed: a defect of the harness, not a verdict on the "
                        + "design (please report it)\n" + r.shortTrace(40)).indent(6));
                default -> {
                }
            }
            out.flush();
            session.progress().advance();
            if (++done < checks.size()) {
                session.progress().step(checks.get(done));
            }
        }

        private static String simple(String className) {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }
}
