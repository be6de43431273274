package org.mpsharness.stress.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded jcstress jar in a subprocess, stage by stage, and grades the results into a {@link StressReport}.
 *
 * <p>Why a subprocess: jcstress forks its own JVMs and calls {@code System.exit}; and the jar is the artifact that
 * people run by hand too, so CI tests exactly that. Each stage first lists the tests it selects ({@code -l}), so that a
 * test that was selected but not run (jcstress skips what it cannot schedule, silently) is reported.
 */
public final class StressRunner {
    /** Upper bound of one stage; a hung jcstress run must fail the build, not stall it. */
    private static final long STAGE_TIMEOUT_MINUTES = 60;

    private final Path jar;
    private final Path workDir;
    private final PrintStream progress;
    private final Starter starter;

    /** Starts a process; the command line passes its own, which an interrupt can stop for good. */
    public interface Starter {
        Process start(ProcessBuilder pb) throws IOException;
    }

    /**
     * @param jar      the shaded jcstress jar (stress/target/jcstress.jar)
     * @param workDir  where results, logs and jcstress's result blobs go (created)
     * @param progress where progress lines go (test verdicts as they finish)
     */
    public StressRunner(Path jar, Path workDir, PrintStream progress) {
        this(jar, workDir, progress, ProcessBuilder::start);
    }

    public StressRunner(Path jar, Path workDir, PrintStream progress, Starter starter) {
        this.jar = jar;
        this.workDir = workDir;
        this.progress = progress;
        this.starter = starter;
    }

    /** Checks that {@code jar} looks like the jcstress jar; returns a one-line reason, or null when it does. */
    public static String checkJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return "jcstress jar not found: " + jar + " (build it: ./mvnw -B -DskipTests package -pl stress -am)";
        }
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = j.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue("Main-Class");
            if (!"org.openjdk.jcstress.Main".equals(main) || j.getEntry("META-INF/TestList") == null) {
                return "not a jcstress test jar (Main-Class " + main + ", META-INF/TestList "
                        + (j.getEntry("META-INF/TestList") == null ? "missing" : "present") + "): " + jar;
            }
            return null;
        } catch (IOException e) {
            return "cannot read jcstress jar " + jar + ": " + e.getMessage();
        }
    }

    public StressReport run(List<Stage> stages) {
        StressReport report = new StressReport();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Stage s : stages) {
            long t0 = System.nanoTime();
            List<String> selected = ResultParser.parseList(exec(List.of("-l", "-t", s.regex()), s.label() + "-list",
                    false).output);
            if (selected.isEmpty()) {
                progress.println("stress: stage " + s.label() + ": no test matches " + s.regex() + ", skipped");
                continue;
            }
            progress.printf(Locale.ROOT, "stress: stage %s: %d tests, mode %s %s%n", s.label(), selected.size(),
                    s.mode(), String.join(" ", s.options()));
            List<String> args = new ArrayList<>(s.args());
            args.add("-r");
            args.add(workDir.resolve("results-" + s.label()).toString());
            Exec e = exec(args, s.label(), true);
            List<TestOutcome> outcomes = ResultParser.parse(e.output);
            report.add(outcomes);
            Set<String> ran = new HashSet<>();
            outcomes.forEach(o -> ran.add(o.name()));
            for (String name : selected) {
                if (!ran.contains(name)) {
                    report.missing(name);
                }
            }
            if (outcomes.isEmpty()) {
                report.problem("stage " + s.label() + ": jcstress printed no results (exit " + e.exitCode
                        + "); see " + e.log);
            }
            report.timing(String.format(Locale.ROOT, "stage %s (%s, %d tests): %.0f s, log %s", s.label(), s.mode(),
                    selected.size(), (System.nanoTime() - t0) / 1e9, e.log));
        }
        return report;
    }

    private record Exec(int exitCode, String output, Path log) {
    }

    private Exec exec(List<String> jcstressArgs, String label, boolean echo) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.addAll(jcstressArgs);
        Path log = workDir.resolve("jcstress-" + label + ".log");
        StringBuilder out = new StringBuilder();
        try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            Process p = starter.start(new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true));
            p.getOutputStream().close();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.append(line).append('\n');
                    w.write(line);
                    w.write('\n');
                    if (echo && isProgress(line)) {
                        progress.println("  " + line.trim());
                    }
                }
            }
            if (!p.waitFor(STAGE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("jcstress stage " + label + " did not end in "
                        + STAGE_TIMEOUT_MINUTES + " minutes");
            }
            return new Exec(p.exitValue(), out.toString(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcstress", e);
        }
    }

    /** The per-fork verdict lines, "(Results: ...)" progress lines, and fatal messages. */
    private static boolean isProgress(String line) {
        String s = line.trim();
        return s.startsWith("FATAL") || s.startsWith("(Results:") || s.startsWith("RUN RESULTS")
                || s.matches("^\\.*\\s*\\[(FAILED|ERROR|CRASH|TIMEOUT)[^]]*].*");
    }
}
