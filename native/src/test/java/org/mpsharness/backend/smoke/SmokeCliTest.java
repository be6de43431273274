package org.mpsharness.backend.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The smoke test's command line (picocli): help, both option spellings, usage errors as one line and exit 2. */
class SmokeCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        return Smoke.run(args, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndUsageErrors() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: Smoke").contains("--gpu-nanos", "--option");
        for (String[] bad : List.of(new String[] {"--steps", "many"}, new String[] {"--threads", "0"},
                new String[] {"--frobnicate"}, new String[] {"--steps", "5", "--steps", "6"},
                new String[] {"--option", "novalue"})) {
            assertThat(run(bad)).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(out().lines().toList()).as(out()).hasSize(1);
            assertThat(out()).startsWith("Smoke: ").contains("(try: --help)").doesNotContain("\tat ");
        }
        assertThat(run("--backend", "opencl")).isEqualTo(2);
        assertThat(out()).contains("unknown backend 'opencl'");
    }

    /** The options arrive as given (the verdict of the self-checks is the backend's business, not the parser's). */
    @Test
    void equalsSpelledOptionsReachTheRun() {
        assertThat(run("--backend=sim", "--threads=2,3", "--steps=20")).as(out()).isIn(0, 1);
        assertThat(out()).startsWith("sim smoke test").containsPattern("(?m)^baseline +2 +20 ")
                .containsPattern("(?m)^improved +3 +20 ").contains("RESULT: ");
    }
}
