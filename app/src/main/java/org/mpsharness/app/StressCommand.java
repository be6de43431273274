package org.mpsharness.app;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.mpsharness.stress.runner.Plans;
import org.mpsharness.stress.runner.Stage;
import org.mpsharness.stress.runner.StressReport;
import org.mpsharness.stress.runner.StressRunner;

/**
 * {@code ./harness stress --mode sanity|quick|default|tough [--tests REGEX] [--full-matrix] [--jar PATH]}: runs the
 * jcstress tests of the stress module (stress/target/jcstress.jar) in a subprocess and grades them: exit 0 only if at
 * least one test ran, no correct design showed a forbidden outcome and every control ({@code Broken*}) showed its
 * forbidden outcome; 1 otherwise; 2 for bad usage or a missing jar.
 *
 * <p>By default the run uses the reduced JVM matrix that CI uses (one compilation mode, one flag set with and without
 * biased locking: 2 JVMs per test), because jcstress's full matrix costs 14 to 28 JVMs per test — minutes per test on
 * a 2-core machine. {@code --full-matrix} restores it for thorough runs.
 */
public final class StressCommand implements Command {
    private static final List<String> MODES = List.of("sanity", "quick", "default", "tough");

    @Override
    public String name() {
        return "stress";
    }

    @Override
    public String summary() {
        return "jcstress tests of every publication and race: --mode sanity|quick|default|tough [--tests REGEX]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String mode = null;
        String regex = null;
        boolean full = false;
        Path jar = null;
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--mode":
                    mode = value(a, rest);
                    break;
                case "--tests":
                    regex = value(a, rest);
                    break;
                case "--full-matrix":
                    full = true;
                    break;
                case "--jar":
                    jar = Path.of(value(a, rest));
                    break;
                default:
                    throw new UsageException("unknown option '" + a + "' (usage: ./harness stress --mode "
                            + String.join("|", MODES) + " [--tests REGEX] [--full-matrix] [--jar PATH])");
            }
        }
        if (mode == null) {
            throw new UsageException("--mode is required: one of " + String.join(", ", MODES));
        }
        if (!MODES.contains(mode)) {
            throw new UsageException("bad mode '" + mode + "': expected one of " + String.join(", ", MODES));
        }
        if (regex != null) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new UsageException("bad --tests regex: " + e.getDescription());
            }
        }
        Path found = jar != null ? jar : locateJar();
        String problem = StressRunner.checkJar(found);
        if (problem != null) {
            throw new UsageException(problem);
        }
        List<Stage> stages = Plans.command(mode, regex, full);
        out.println("stress: " + found + ", mode " + mode + (full ? ", full JVM matrix" : ", reduced JVM matrix")
                + (regex == null ? "" : ", tests matching " + regex));
        StressReport report = new StressRunner(found, found.toAbsolutePath().getParent().resolve("harness-stress"),
                out).run(stages);
        out.print(report.table());
        return report.exitCode();
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return rest.remove(0);
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
