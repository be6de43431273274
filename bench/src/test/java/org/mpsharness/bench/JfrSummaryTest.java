package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real recording (allocation samples and parks of this test's own code) summarized: the frames are ours. */
class JfrSummaryTest {

    @Test
    void summarizesAllocationAndParksByClassAndFrame(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("r.jfr");
        try (Recording r = new Recording()) {
            r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
            r.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.start();
            List<long[]> keep = new ArrayList<>();
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                keep.add(new long[1024]);
                if (keep.size() > 100) {
                    keep.clear();
                }
                LockSupport.parkNanos(this, 100_000);
            }
            r.stop();
            r.dump(jfr);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JfrSummary.summarize(jfr, 10, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String s = buf.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("== CPU samples by top frame (self)", "== allocation samples by class",
                "== monitor enters", "== thread parks");
        assertThat(s).contains("[J  at org.mpsharness.bench.JfrSummaryTest.summarizesAllocationAndParksByClassAndFrame");
        assertThat(s).contains("org.mpsharness.bench.JfrSummaryTest  at "
                + "org.mpsharness.bench.JfrSummaryTest.summarizesAllocationAndParksByClassAndFrame");
    }
}
