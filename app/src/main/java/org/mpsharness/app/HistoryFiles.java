package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpsharness.app.result.ResultsDoc;
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
 * through the same path as that command ({@link HistoryDecider}). The directory is checked before the workload runs
 * ({@link Session.Writable}); a failure here is the disk's, after the fact.
 */
final class HistoryFiles {
    /** The verdicts of one design's histories; ok when every one is linearizable. */
    record Outcome(boolean ok, List<ResultsDoc.HistoryVerdict> verdicts) {
        static final Outcome NONE = new Outcome(true, List.of());
    }

    private HistoryFiles() {
    }

    static Outcome writeAndCheck(OpLog log, Path dir, String design, PrintStream out) {
        Map<String, History> hs = RecordedHistories.from(log, design);
        List<ResultsDoc.HistoryVerdict> verdicts = new ArrayList<>();
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
            String file = dir.resolve(design + "-" + e.getKey() + ".jsonl").toString();
            CheckResult r;
            try {
                r = HistoryDecider.decide(e.getValue(), specs.require(e.getKey()), Duration.ofSeconds(120));
            } catch (HistoryFormatException ex) {
                // our own recorder wrote it: a history without operations, or one its spec rejects, fails the run
                out.printf("  history %-12s cannot be decided: %s%n", e.getKey(), ex.getMessage());
                verdicts.add(new ResultsDoc.HistoryVerdict(file, e.getKey(), "INVALID", 0, ex.getMessage()));
                ok = false;
                continue;
            }
            out.printf("  history %-12s %,8d ops  %s%n", e.getKey(), r.operations(), r.summary());
            String window = null;
            if (r.verdict() != Verdict.OK) {
                window = r.describe();
                out.println(window.indent(4));
                ok = false;
            }
            verdicts.add(new ResultsDoc.HistoryVerdict(file, e.getKey(), r.verdict().name(), r.operations(),
                    window));
        }
        return new Outcome(ok, verdicts);
    }
}
