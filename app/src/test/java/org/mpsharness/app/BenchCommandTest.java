package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./harness bench}: usage errors exit 2 with one line; the pool-history benchmark decides both its histories. */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        assertThat(run("bench", "frobnicate")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("usage: bench alloc|jmh|pool-history|checker");
        assertThat(run("bench", "jmh", "--benchmarks", "(")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("not a regular expression");
        assertThat(run("bench", "jmh", "--benchmarks", "NoSuchBenchmark")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("no benchmark matches 'NoSuchBenchmark'");
        assertThat(run("bench", "jmh", "--mode", "slow")).isEqualTo(Command.USAGE);
        assertThat(run("bench", "alloc", "--threads", "0")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("thread counts must be 1..31");
        assertThat(run("bench", "checker", "--data", dir.resolve("absent").toString())).isEqualTo(Command.USAGE);
        assertThat(err()).contains("no public histories at");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void poolHistoryAcceptsTheRecordingAndRefusesTheFalsifiedCopy() {
        assertThat(run("bench", "pool-history", "--ops", "3000", "--threads", "4", "--rounds", "1"))
                .as(err()).isEqualTo(Command.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("stream-pool history: [0-9,]+ operations, 4 threads, \\d+ partitions: OK")
                .containsPattern("one release falsified: [0-9,]+ operations, 4 threads, \\d+ partitions: VIOLATION");
    }
}
