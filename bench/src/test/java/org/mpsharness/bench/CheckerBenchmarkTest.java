package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker benchmark runs from the bench module and compares every verdict with the expected one. Without the
 * public histories only its generated 100,000-operation case runs (one round): not a performance test, no time is
 * asserted, only that both generated histories got their verdicts through the decider.
 */
class CheckerBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratedCasesGetTheirVerdicts() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = CheckerBenchmark.run(out, dir, 1, 0);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("public histories absent").doesNotContain("MISMATCH")
                .containsPattern("generated kv, 31 keys, 8 processes +100000 +31 +OK ")
                .containsPattern("same, one read falsified +100000 +31 +VIOLATION ");
    }
}
