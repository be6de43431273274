package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of {@code ./harness stress}: exit 2 with one clear line, before any jcstress run. */
class StressCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modeIsRequiredAndChecked() {
        assertThat(run("stress")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("--mode is required");
        assertThat(run("stress", "--mode", "fast")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("--mode must be one of sanity, quick, default, tough (got 'fast')");
        assertThat(run("stress", "--mode", "stress")).as("jcstress's own 'stress' preset is not offered")
                .isEqualTo(Command.USAGE);
    }

    @Test
    void badRegexAndUnknownOptionsAreUsageErrors() {
        assertThat(run("stress", "--mode", "quick", "--tests", "(")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("--tests is not a regular expression");
        assertThat(run("stress", "--mode", "quick", "--fast")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("Unknown option: '--fast'").contains("(try: harness stress --help)");
    }

    @Test
    void aMissingOrWrongJarIsAUsageError(@TempDir Path dir) throws IOException {
        assertThat(run("stress", "--mode", "sanity", "--jar", dir.resolve("nope.jar").toString()))
                .isEqualTo(Command.USAGE);
        assertThat(err()).contains("jcstress jar not found");
        Path notAJar = Files.writeString(dir.resolve("x.jar"), "not a jar");
        assertThat(run("stress", "--mode", "sanity", "--jar", notAJar.toString())).isEqualTo(Command.USAGE);
        assertThat(err()).contains("cannot read jcstress jar");
    }

    @Test
    void listedInHelp() {
        assertThat(run("help")).isEqualTo(Command.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("stress");
    }
}
