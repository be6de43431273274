package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The progress line on a fake clock: what runs now, done/total, elapsed and the estimate (none before the first step
 * ends); a terminal gets one line redrawn and erased before output, a log gets plain lines, off gets nothing.
 */
class ProgressTest {
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

    private Progress progress(Progress.Mode mode) {
        return new Progress(mode, new PrintStream(sink, true, StandardCharsets.UTF_8), now::get);
    }

    private String text() {
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineSaysWhatRunsHowFarAndHowLongIsLeft() {
        Progress p = progress(Progress.Mode.PLAIN);
        p.start("check X", 4);
        p.step("contract");
        assertThat(p.line()).isEqualTo("check X [0/4] contract, 0s elapsed").as("no estimate before a step ends");
        now.set(30_000_000_000L);
        p.advance();
        p.step("workload");
        assertThat(p.line()).isEqualTo("check X [1/4] workload, 30s elapsed, ETA 1m30s");
        now.set(3_700_000_000_000L);
        assertThat(p.line()).contains("1h01m elapsed");
        assertThat(text()).contains("progress: check X [0/4] contract, 0s elapsed\n",
                "progress: check X [1/4] workload, 30s elapsed, ETA 1m30s\n");
    }

    @Test
    void aTerminalGetsOneLineRedrawnAndErasedBeforeOutput() {
        Progress p = progress(Progress.Mode.TTY);
        p.start("stress", 0);
        p.step("a");
        assertThat(text()).startsWith("\r\033[Kstress").doesNotContain("\n");
        PrintStream out = Harness.clearing(new PrintStream(sink, true, StandardCharsets.UTF_8), p);
        out.println("result line");
        assertThat(text()).endsWith("a, 0s elapsed\r\033[Kresult line\n");
        p.finish();
        assertThat(text()).as("nothing to erase after the output").endsWith("result line\n");
    }

    @Test
    void offPrintsNothing() {
        Progress p = progress(Progress.Mode.OFF);
        p.start("run", 2);
        p.step("baseline");
        p.advance();
        p.finish();
        assertThat(text()).isEmpty();
    }
}
