package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.app.result.Results;
import org.mpsharness.app.result.ResultsDoc;

/**
 * Ctrl-C on a long command, as a user gives it: the harness runs in a child JVM, gets SIGINT, and must exit 130,
 * leave no process of its own behind (check JVMs, jcstress and its forks: every descendant it had at the interrupt),
 * and leave the partial results (the JSON with status "interrupted" and what finished, the report when asked for).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InterruptTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Harness.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        p.getOutputStream().close();
        return p;
    }

    private static void await(String what, BooleanSupplier condition, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(p.isAlive()).as("the harness ended before " + what).isTrue();
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Sends SIGINT, as Ctrl-C does, and returns the exit code and the descendants the harness had then. */
    private record Ended(int code, List<ProcessHandle> children, String err) {
    }

    private Ended interrupt(Process p) throws Exception {
        List<ProcessHandle> children = p.toHandle().descendants().toList();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the harness ends after SIGINT").isTrue();
        return new Ended(p.exitValue(), children, Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private static void assertNoneSurvives(List<ProcessHandle> children) throws InterruptedException {
        for (ProcessHandle c : children) {
            for (int i = 0; i < 50 && c.isAlive(); i++) {
                Thread.sleep(100); // the kernel reaps a killed process a moment later
            }
            assertThat(c.isAlive()).as("child " + c.pid() + " " + c.info().commandLine().orElse("")).isFalse();
        }
    }

    private static String jsonStatus(Path json) {
        try {
            return Files.isRegularFile(json) ? Results.read(json).status() : "";
        } catch (IOException e) {
            return ""; // being rewritten: read it again
        }
    }

    /**
     * A design that spins: its first check times out after 3 s (a verdict: TIMEOUT), then a fresh check JVM runs the
     * next. Interrupted then: the running check JVM dies with the harness, the first verdict stays in the results.
     */
    @Test
    void ctrlCDuringCheckKillsTheCheckJvmsAndKeepsTheVerdictsSoFar() throws Exception {
        Path json = dir.resolve("check.json");
        Path report = dir.resolve("report");
        Process p = start("check", "--design", "org.mpsharness.app.fixtures.SpinningFreelist", "--check-timeout", "3",
                "--json", json.toString(), "--report", report.toString());
        await("the first verdict", () -> {
            try {
                return Files.isRegularFile(json) && !Results.read(json).checks().isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, p);
        await("the next check JVM", () -> p.toHandle().children().findAny().isPresent(), p);
        Ended e = interrupt(p);

        assertThat(e.code()).as(e.err()).isEqualTo(Command.INTERRUPTED);
        assertThat(e.children()).as("the check JVM it had").isNotEmpty();
        assertNoneSurvives(e.children());
        ResultsDoc d = Results.read(json);
        assertThat(d.status()).isEqualTo(ResultsDoc.INTERRUPTED);
        assertThat(d.exitCode()).isEqualTo(Command.INTERRUPTED);
        assertThat(d.checks()).isNotEmpty().allSatisfy(c -> assertThat(c.verdict()).isEqualTo("TIMEOUT"));
        assertThat(report.resolve("index.html")).isRegularFile();
        assertThat(Files.readString(report.resolve("index.html"))).contains("interrupted", "TIMEOUT");
        assertThat(e.err()).contains("harness check: interrupted", "partial results: " + json);
    }

    /** jcstress forks JVMs of its own; none may outlive the harness, and a run without --json still leaves a file. */
    @Test
    void ctrlCDuringStressKillsJcstressAndItsForks() throws Exception {
        Path jar = StressCommand.locateJar();
        assumeTrue(Files.isRegularFile(jar), "jcstress jar absent (" + jar + "): built by the stress module's package "
                + "phase, as in ./mvnw verify");
        Process p = start("stress", "--mode", "sanity", "--tests", "Correct", "--jar", jar.toString());
        await("jcstress", () -> p.toHandle().descendants().count() >= 1, p);
        Thread.sleep(2000); // let jcstress get going (it may fork its first JVM)
        Ended e = interrupt(p);

        assertThat(e.code()).as(e.err()).isEqualTo(Command.INTERRUPTED);
        assertNoneSurvives(e.children());
        assertThat(e.err()).contains("harness stress: interrupted", "partial results: harness-results"
                + File.separator + "stress-");
        try (var files = Files.list(dir.resolve("harness-results"))) {
            Path partial = files.findFirst().orElseThrow();
            assertThat(jsonStatus(partial)).isEqualTo(ResultsDoc.INTERRUPTED);
            assertThat(Results.read(partial).stress().mode()).isEqualTo("sanity");
        }
    }
}
