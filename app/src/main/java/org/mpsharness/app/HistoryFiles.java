package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryVerdicts;
import org.mpsharness.model.history.JsonLinesWriter;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.Verdict;

/**
 * Writes a run's recorded histories as JSON lines ({@code DIR/<design>-stream-pool.jsonl},
 * {@code DIR/<design>-allocator.jsonl}) for later checking with {@code ./harness history}, and decides them at once.
 */
final class HistoryFiles {
    private HistoryFiles() {
    }

    /** True when every history is linearizable. */
    static boolean writeAndCheck(OpLog log, Path dir, String design, PrintStream out) {
        Map<String, History> hs = RecordedHistories.from(log, design);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, History> e : hs.entrySet()) {
                Path file = dir.resolve(design + "-" + e.getKey() + ".jsonl");
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                     JsonLinesWriter jw = new JsonLinesWriter(w)) {
                    jw.write(e.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write histories to " + dir + ": " + e.getMessage(), e);
        }
        boolean ok = true;
        for (Map.Entry<String, CheckResult> e : HistoryVerdicts.check(hs, Duration.ofSeconds(120)).entrySet()) {
            CheckResult r = e.getValue();
            out.printf("  history %-12s %,8d ops  %s%n", e.getKey(), r.operations(), r.summary());
            if (r.verdict() != Verdict.OK) {
                out.println(r.describe().indent(4));
                ok = false;
            }
        }
        return ok;
    }
}
