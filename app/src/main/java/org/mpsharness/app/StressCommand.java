package org.mpsharness.app;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.stress.runner.Plans;
import org.mpsharness.stress.runner.Stage;
import org.mpsharness.stress.runner.StressReport;
import org.mpsharness.stress.runner.StressRunner;
import org.mpsharness.stress.runner.TestKind;
import org.mpsharness.stress.runner.TestOutcome;
import picocli.CommandLine;

/**
 * {@code ./harness stress --mode sanity|quick|default|tough [--tests REGEX] [--full-matrix] [--jar PATH]}: runs the
 * jcstress tests of the stress module (stress/target/jcstress.jar) in a subprocess and grades them: exit 0 only if at
 * least one test ran, no correct design showed a forbidden outcome and every control ({@code Broken*}) showed its
 * forbidden outcome; 1 otherwise; 2 for bad usage or a missing jar; 130 when interrupted (jcstress and its forked JVMs
 * are killed).
 *
 * <p>By default the run uses the reduced JVM matrix that CI uses (one compilation mode, one flag set with and without
 * biased locking: 2 JVMs per test), because jcstress's full matrix costs 14 to 28 JVMs per test — minutes per test on
 * a 2-core machine. {@code --full-matrix} restores it for thorough runs.
 */
@CommandLine.Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The jcstress tests of every publication and race (correct designs and their Broken controls).")
final class StressCommand implements Callable<Integer> {
    static final List<String> MODES = List.of("sanity", "quick", "default", "tough");
    /** jcstress's status lines: "(Results: 12 planned; 3 passed, 0 failed, 0 soft errs, 0 hard errs)". */
    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private final Harness h;

    @CommandLine.Option(names = "--mode", paramLabel = "MODE", description = "sanity|quick|default|tough: jcstress's "
            + "preset (required)")
    String mode;
    @CommandLine.Option(names = "--tests", paramLabel = "REGEX", description = "the tests whose name matches "
            + "(default: all of the project's)")
    String regex;
    @CommandLine.Option(names = "--full-matrix", description = "jcstress's full JVM matrix (14 to 28 JVMs a test) "
            + "instead of the reduced one CI uses")
    boolean full;
    @CommandLine.Option(names = "--jar", paramLabel = "PATH", description = "the jcstress jar (default: "
            + "stress/target/jcstress.jar)")
    Path jar;
    @CommandLine.Mixin
    OutputOptions output;
    @CommandLine.Mixin
    OutputOptions.ProgressOption progress;

    StressCommand(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        if (mode == null) {
            throw new UsageException("--mode is required: one of " + String.join(", ", MODES));
        }
        Args.choice("--mode", mode, MODES);
        if (regex != null) {
            Args.regex("--tests", regex);
        }
        Path found = jar != null ? jar : locateJar();
        String problem = StressRunner.checkJar(found);
        if (problem != null) {
            throw new UsageException(problem);
        }
        try (Session s = h.session("stress", output, progress)) {
            return s.finish(run(s, found));
        }
    }

    private int run(Session s, Path found) {
        PrintStream out = Harness.clearing(h.out, s.progress());
        List<Stage> stages = Plans.command(mode, regex, full);
        out.println("stress: " + found + ", mode " + mode + (full ? ", full JVM matrix" : ", reduced JVM matrix")
                + (regex == null ? "" : ", tests matching " + regex));
        Path work = found.toAbsolutePath().getParent().resolve("harness-stress");
        s.progress().start("stress " + mode, 0);
        PrintStream echo = LineSink.of(line -> {
            Matcher m = RESULTS.matcher(line);
            if (m.find()) {
                int done = 0;
                for (int g = 2; g <= 5; g++) {
                    done += Integer.parseInt(m.group(g));
                }
                s.progress().total(Integer.parseInt(m.group(1)));
                s.progress().step("(" + done + " test runs done)");
            } else if (!s.interrupted()) {
                out.println(line);
            }
        });
        List<String> pages = new ArrayList<>();
        for (Stage st : stages) {
            pages.add(work.resolve("results-" + st.label()).resolve("index.html").toString());
        }
        s.results().stress(new ResultsDoc.Stress(mode, found.toString(), List.of(), List.of(), pages));
        StressReport report = new StressRunner(found, work, echo, Children::start).run(stages);
        s.results().stress(new ResultsDoc.Stress(mode, found.toString(), tests(report), report.failures(),
                pages.stream().filter(p -> Files.isRegularFile(Path.of(p))).toList()));
        out.print(report.table());
        return report.exitCode();
    }

    static List<ResultsDoc.StressTest> tests(StressReport report) {
        List<ResultsDoc.StressTest> out = new ArrayList<>();
        for (TestOutcome t : report.tests()) {
            String kind = switch (t.kind()) {
                case CORRECT -> "correct";
                case CONTROL -> "control";
                case WEAK_HARDWARE -> "weak-hw";
                default -> "knownbug";
            };
            String verdict = t.kind() == TestKind.CONTROL ? (t.passed() ? "caught" : "MISSED")
                    : t.kind() == TestKind.CORRECT ? (t.passed() ? "ok" : "FAILED")
                    : t.forbiddenSamples() > 0 ? "seen" : "not seen";
            out.add(new ResultsDoc.StressTest(t.name(), kind, verdict, t.totalSamples(), t.forbiddenSamples(),
                    t.forbiddenSummary()));
        }
        return out;
    }

    /**
     * stress/target/jcstress.jar, looked up from: the system property {@code harness.jcstress.jar}; the directory of
     * the running harness jar (app/target/harness.jar &rarr; ../../stress/target); the working directory and its
     * parents (a repository checkout).
     */
    static Path locateJar() {
        String prop = System.getProperty("harness.jcstress.jar");
        if (prop != null) {
            return Path.of(prop);
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path self = Path.of(StressCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path appTarget = self.getParent(); // app/target, for app/target/harness.jar and app/target/classes
            if (appTarget != null && appTarget.getParent() != null && appTarget.getParent().getParent() != null) {
                candidates.add(appTarget.getParent().getParent().resolve("stress/target/jcstress.jar"));
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file: fall back to the working directory
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            candidates.add(d.resolve("stress/target/jcstress.jar"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        return candidates.isEmpty() ? Path.of("stress/target/jcstress.jar") : candidates.get(0).normalize();
    }
}
