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
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.history.JsonLinesWriter;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.SpecRegistry;

/**
 * Writes a run's recorded histories as JSON lines ({@code DIR/<design>-stream-pool.jsonl},
 * {@code DIR/<design>-allocator.jsonl}) for later checking with {@code ./harness history}, and decides them at once
 * through the same path as that command ({@link HistoryDecider}).
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
        SpecRegistry specs = SpecRegistry.standard();
        for (Map.Entry<String, History> e : hs.entrySet()) {
            CheckResult r;
            try {
                r = HistoryDecider.decide(e.getValue(), specs.require(e.getKey()), Duration.ofSeconds(120));
            } catch (HistoryFormatException ex) {
                // our own recorder wrote it: a history without operations, or one its spec rejects, fails the run
                out.printf("  history %-12s cannot be decided: %s%n", e.getKey(), ex.getMessage());
                ok = false;
                continue;
            }
            out.printf("  history %-12s %,8d ops  %s%n", e.getKey(), r.operations(), r.summary());
            if (r.verdict() != Verdict.OK) {
                out.println(r.describe().indent(4));
                ok = false;
            }
        }
        return ok;
    }
}
