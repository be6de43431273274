package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/**
 * Every exit code of {@code ./harness check}: 1 for a design that ends the JVM, 2 with one line for each kind of
 * unusable input (decided before any check runs), 3 for a design that hangs (the check returns at its limit with a
 * thread dump of the design's threads). Exit 0, and 1 for a seeded bug, through {@code --jar}: {@link CheckJarTest}.
 */
class CheckCommandTest {
    private static final String FIXTURES = "org.mpsharness.app.fixtures.";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> unusableClasses() {
        return Stream.of(
                Arguments.of("com.example.NoSuchFreelist", "class not found: com.example.NoSuchFreelist"),
                Arguments.of(FIXTURES + "FreelistFlavour", "is an interface"),
                Arguments.of(FIXTURES + "DelegatingFreelist", "is abstract"),
                Arguments.of(FIXTURES + "NotADesign", "implements none of SlotFreelist"),
                Arguments.of(FIXTURES + "TwoArgFreelist", "has no public constructor TwoArgFreelist()"),
                Arguments.of(FIXTURES + "HiddenFreelist", "is not a public class"),
                Arguments.of(FIXTURES + "FailingInitFreelist", "static initializer of " + FIXTURES
                        + "FailingInitFreelist threw java.lang.IllegalStateException: no device found"),
                Arguments.of(FIXTURES + "ExitingInitFreelist", "ended the check JVM (exit status 0)"),
                Arguments.of("not a class", "not a class name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableClasses")
    void anUnusableClassIsOneLineAndExit2(String design, String message) {
        assertThat(run("check", "--design", design)).as(err() + out()).isEqualTo(Command.USAGE);
        assertOneLine(message);
        assertThat(out()).as("no check ran").doesNotContain("PASS", "FAIL");
    }

    @Test
    void badJarsAreNamedForWhatTheyAre(@TempDir Path dir) throws IOException {
        String design = "com.example.MyFreelist";
        assertThat(run("check", "--design", design, "--jar", dir.resolve("nope.jar").toString()))
                .isEqualTo(Command.USAGE);
        assertOneLine("no such jar");

        Path corrupt = Files.write(dir.resolve("corrupt.jar"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
        err.reset();
        assertThat(run("check", "--design", design, "--jar", corrupt.toString())).isEqualTo(Command.USAGE);
        assertOneLine("not a readable jar");
        assertThat(err()).doesNotContain("class not found");

        Path other = TestJars.write(dir.resolve("other.jar"), TestJars.compile(dir, List.of(new TestJars.Source(
                "userjar.Empty", "package userjar; public class Empty {}"))));
        err.reset();
        assertThat(run("check", "--design", "userjar.Missing", "--jar", other.toString())).isEqualTo(Command.USAGE);
        assertOneLine("class userjar.Missing is not in " + other);

        err.reset();
        assertThat(run("check", "--design", design, "--jar", dir.toString())).isEqualTo(Command.USAGE);
        assertOneLine("not a jar file");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("check")).isEqualTo(Command.USAGE);
        assertOneLine("Missing required option: '--design=CLASS'");
        err.reset();
        assertThat(run("check", "--design", FIXTURES + "SpinningFreelist", "--check-timeout", "0"))
                .isEqualTo(Command.USAGE);
        assertOneLine("--check-timeout must be in 1..86400");
        err.reset();
        assertThat(run("check", "--design", FIXTURES + "SpinningFreelist", "--backend", "opencl"))
                .isEqualTo(Command.USAGE);
        assertOneLine("--backend must be one of sim, cuda, metal");
    }

    /** A backend that is not on this machine is refused before any check JVM starts (no GPU in CI: CUDA is absent). */
    @Test
    void anUnavailableBackendIsAUsageErrorNotAVerdict() {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.mpsharness.backend.Backends.available("cuda"),
                "a CUDA device is present here: the refusal is tested where none is");
        assertThat(run("check", "--design", "org.mpsharness.core.pool.HomeSlotFreelist", "--backend", "cuda"))
                .isEqualTo(Command.USAGE);
        assertThat(out()).doesNotContain("contract");
        assertThat(err().trim().lines().count()).as(err()).isEqualTo(1);
        assertThat(System.getProperty("harness.backend")).as("the property is the child JVMs' only").isNull();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aDesignThatExitsTheJvmFailsTheRunningCheckAndTheOthersStillRun() {
        assertThat(run("check", "--design", FIXTURES + "ExitingFreelist")).as(out()).isEqualTo(Command.VIOLATION);
        assertThat(out()).containsPattern("contract +FAIL")
                .contains("the design ended the JVM during the check 'contract' (exit status 0)")
                .as("a fresh JVM runs the checks after it").containsPattern("lincheck-stress +FAIL")
                .containsPattern("lincheck-model-checking +FAIL");
    }

    /** The bound that matters here is the command's own: the test's timeout only keeps a broken build from hanging. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aDesignThatHangsTimesOutWithAThreadDumpAndExit3() {
        assertThat(run("check", "--design", FIXTURES + "SpinningFreelist", "--check-timeout", "3")).as(out())
                .isEqualTo(Command.UNKNOWN);
        assertThat(out()).containsPattern("contract +TIMEOUT").contains("did not finish within 3 s")
                .contains("* at " + FIXTURES + "SpinningFreelist.spin")
                .as("every check gets its own verdict").containsPattern("lincheck-model-checking +TIMEOUT")
                .contains("UNKNOWN: no check failed");
    }

    @Test
    void aFailureOutranksATimeoutAndAnErrorIsNoVerdict() {
        CheckOutcome pass = new CheckOutcome("a", Verdict.PASS, null, 1);
        CheckOutcome fail = new CheckOutcome("b", Verdict.FAIL, "t", 1);
        CheckOutcome timeout = new CheckOutcome("c", Verdict.TIMEOUT, "t", 1);
        CheckOutcome error = new CheckOutcome("d", Verdict.ERROR, "t", 1);
        assertThat(CheckCommand.exitCode(List.of(pass, pass))).isEqualTo(Command.OK);
        assertThat(CheckCommand.exitCode(List.of(pass, timeout, fail))).isEqualTo(Command.VIOLATION);
        assertThat(CheckCommand.exitCode(List.of(pass, timeout))).isEqualTo(Command.UNKNOWN);
        assertThat(CheckCommand.exitCode(List.of(pass, error))).as("a crashed check is not a catch")
                .isEqualTo(Command.UNKNOWN);
        assertThat(CheckCommand.exitCode(List.of())).as("nothing ran: nothing passed").isEqualTo(Command.UNKNOWN);
    }

    private void assertOneLine(String contains) {
        List<String> lines = new ArrayList<>(err().lines().toList());
        assertThat(lines).as("stderr: %s", err()).hasSize(1);
        assertThat(lines.get(0)).contains(contains).doesNotContain("\tat ", "Exception in thread");
    }
}
