package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckOutcome.Verdict;
import org.mpsharness.model.check.CheckSuite;

/**
 * {@code ./harness check --design CLASS [--jar FILE] [--thorough] [--check-timeout SECONDS]}: runs every applicable
 * check (contract, workload, recorded history, Lincheck stress and model checking) on a user's implementation of one of
 * the public interfaces, in a JVM of its own ({@link CheckJvm}) whose class path holds the harness and the user's jar.
 *
 * <p>Exit 0 when every check passed; 1 when one failed (its trace is printed), also when the design ended the JVM;
 * 2 for bad input: a missing, unreadable or wrong jar, or a class that cannot be checked (one line, decided before any
 * check runs); 3 when no check failed but one timed out (a thread dump is printed) or crashed (a harness defect).
 */
public final class CheckCommand implements Command {
    private static final String USAGE = "usage: check --design fully.qualified.ClassName [--jar FILE] [--thorough] "
            + "[--check-timeout SECONDS]";
    private static final Pattern BINARY_NAME = Pattern.compile(
            "([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "every check on a design: check --design fully.qualified.ClassName [--jar FILE] [--thorough] "
                + "[--check-timeout SECONDS] (a SlotFreelist, OncePerSlot, CommitGate, StreamPool or "
                + "CachingAllocator; each check is limited to " + CheckSuite.QUICK_LIMIT.toSeconds() + " s, "
                + CheckSuite.THOROUGH_LIMIT.toSeconds() + " s when thorough)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options o = new Options(args, Set.of("design", "jar", "check-timeout"), Set.of("thorough"));
        String name = o.get("design", null);
        if (name == null || !o.positional().isEmpty()) {
            throw new UsageException(USAGE);
        }
        if (!BINARY_NAME.matcher(name).matches()) {
            throw new UsageException("not a class name: '" + name + "' (give it fully qualified, e.g. com.example"
                    + ".MyFreelist)");
        }
        boolean thorough = o.flag("thorough");
        Duration dflt = thorough ? CheckSuite.THOROUGH_LIMIT : CheckSuite.QUICK_LIMIT;
        Duration limit = Duration.ofSeconds(o.longValue("check-timeout", dflt.toSeconds(), 1, 86_400));
        String jarArg = o.get("jar", null);
        Path jar = jarArg == null ? null : UserJar.validate(jarArg, name);
        if (jar == null && CheckCommand.class.getClassLoader().getResource(name.replace('.', '/') + ".class")
                == null) {
            throw new UsageException("class not found: " + name + " (give its jar with --jar)");
        }
        Path work;
        CheckJvm.Result r;
        try {
            work = CheckJvm.workDir();
            r = new CheckJvm(jar, thorough, limit, work, new Printer(name, limit, out)).run(name);
        } catch (UncheckedIOException e) {
            err.println("harness check: " + e.getMessage());
            return UNKNOWN; // no verdict: the checks could not be run on this machine
        }
        if (r.unusable() != null) {
            deleteQuietly(work);
            throw new UsageException(r.unusable());
        }
        int code = exitCode(r.outcomes());
        if (code == OK) {
            deleteQuietly(work);
        } else {
            out.println("  (the check JVMs' own output: " + r.log() + ")");
        }
        out.println(switch (code) {
            case OK -> "OK: every check passed";
            case VIOLATION -> "FAILED: see the trace above";
            default -> "UNKNOWN: no check failed, but " + count(r.outcomes(), Verdict.TIMEOUT) + " timed out and "
                    + count(r.outcomes(), Verdict.ERROR) + " could not run (harness errors)";
        });
        return code;
    }

    /** 1 when a check failed; else 3 when one timed out or crashed (or none ran); else 0. */
    static int exitCode(List<CheckOutcome> outcomes) {
        if (outcomes.stream().anyMatch(CheckOutcome::rejected)) {
            return VIOLATION;
        }
        return outcomes.isEmpty() || outcomes.stream().anyMatch(CheckOutcome::failed) ? UNKNOWN : OK;
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

    /** Prints the header when the class is known and each verdict as it arrives. */
    private static final class Printer implements CheckJvm.Listener {
        private final String name;
        private final Duration limit;
        private final PrintStream out;

        Printer(String name, Duration limit, PrintStream out) {
            this.name = name;
            this.limit = limit;
            this.out = out;
        }

        @Override
        public void design(String component, String constructor, List<String> checks) {
            out.printf("checking %s as %s (constructor %s); %d checks, each limited to %d s%n", name, component,
                    constructor, checks.size(), limit.toSeconds());
        }

        @Override
        public void verdict(CheckOutcome r) {
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
        }
    }
}
