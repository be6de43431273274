package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./harness history} through {@link Harness}, as a user runs it: exit codes 0/1/2/3, the violation window on
 * stdout, and bad input as exactly one line on stderr, never a stack trace.
 */
class HistoryCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run harness(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private static final String[] LINEARIZABLE = {
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
        "{\"process\":0,\"type\":\"ok\",\"f\":\"write\"}",
        "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":null}",
    };

    private static final String[] STALE_READ = {
        "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
        "{\"process\":0,\"type\":\"ok\",\"f\":\"write\"}",
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
        "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":null}",
    };

    private static void assertOneLineError(Run r, String... fragments) {
        assertThat(r.code()).isEqualTo(Command.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).startsWith("harness history: ").doesNotContain("Exception").doesNotContain("\tat ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void linearizableHistoryExitsZero() throws IOException {
        Path h = file("ok.jsonl", LINEARIZABLE);

        Run r = harness("history", "--spec", "register", h.toString());

        assertThat(r.code()).isEqualTo(Command.OK);
        assertThat(r.out()).startsWith(h + ": linearizable (register; 2 operations");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void violationExitsOneAndPrintsTheWindow() throws IOException {
        Path ok = file("ok.jsonl", LINEARIZABLE);
        Path bad = file("bad.jsonl", STALE_READ);

        Run r = harness("history", "--spec", "register", "--format", "jsonl", ok.toString(), bad.toString());

        assertThat(r.code()).isEqualTo(Command.VIOLATION);
        assertThat(r.out()).contains(ok + ": linearizable").contains(bad + ": NOT linearizable")
                .contains("positions are line numbers in " + bad)
                .contains("the response at 4 cannot be linearized: process 1 read -> empty (called at 3)")
                .contains("possible states at the window start: 1")
                .containsPattern("(?m)^    >> process 1 +read -> empty +call 3, return 4$");
    }

    @Test
    void timeLimitReachedExitsThreeAndSaysSo() throws IOException {
        Path h = file("ok.jsonl", LINEARIZABLE);

        Run r = harness("history", "--spec", "register", "--timeout", "0", h.toString());

        assertThat(r.code()).isEqualTo(Command.UNKNOWN);
        assertThat(r.out()).contains("UNKNOWN: no verdict within the time limit of 0.000 s")
                .doesNotContain("linearizable (");
    }

    @Test
    void violationOutranksUnknownAcrossFiles() throws IOException {
        Path bad = file("bad.jsonl", STALE_READ);
        Run r = harness("history", "--spec", "register", bad.toString(), file("ok.jsonl", LINEARIZABLE).toString());
        assertThat(r.code()).isEqualTo(Command.VIOLATION);
    }

    @Test
    void malformedFileIsOneLineNamingFileAndLine() throws IOException {
        String unclosed = "{\"process\":0,\"type\":\"ok\",\"f\":\"write\"";
        Path h = file("broken.jsonl", LINEARIZABLE[0], unclosed, LINEARIZABLE[2]);

        Run r = harness("history", "--spec", "register", h.toString());

        assertOneLineError(r, h + ":2: invalid JSON");
    }

    @Test
    void malformedFileStopsBeforeAnyVerdict() throws IOException {
        Path ok = file("ok.jsonl", LINEARIZABLE);
        Path broken = file("broken.log", "INFO  jepsen.util - 0\t:invoke\t:read\tnil", "garbage");

        Run r = harness("history", "--spec", "register", "--format", "jepsen-etcd", ok.toString(), broken.toString());

        assertThat(r.code()).isEqualTo(Command.USAGE);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void operationTheSpecDoesNotKnowIsBadInputAtItsLine() throws IOException {
        Path h = file("incr.jsonl", LINEARIZABLE[0], LINEARIZABLE[2],
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"incr\"}", "{\"process\":0,\"type\":\"ok\"}");

        assertOneLineError(harness("history", "--spec", "register", h.toString()),
                h + ":3: register has no operation 'incr'");
    }

    @Test
    void badCommandLinesAreOneLine() throws IOException {
        String h = file("ok.jsonl", LINEARIZABLE).toString();
        assertOneLineError(harness("history", "--spec", "queue", h), "unknown spec 'queue'", "register");
        assertOneLineError(harness("history", "--spec", "register", "--format", "csv", h), "unknown format 'csv'",
                "jepsen-etcd");
        assertOneLineError(harness("history", "--spec", "register", "--colour", h), "unknown option '--colour'");
        assertOneLineError(harness("history", h), "--spec is required");
        assertOneLineError(harness("history", "--spec", "register"), "no history file given");
        assertOneLineError(harness("history", "--spec", "register", "--timeout", "soon", h), "--timeout",
                "'soon'");
        assertOneLineError(harness("history", "--spec", "register", "--timeout", "-1", h), "--timeout");
        assertOneLineError(harness("history", "--spec"), "--spec needs a value");
        assertOneLineError(harness("history", "--spec", "register", dir.resolve("absent.jsonl").toString()),
                "absent.jsonl: no such file");
        assertOneLineError(harness("history", "--spec", "register", dir.toString()), "is a directory");
    }

    // --- the public histories, where present ---------------------------------------------------------------------

    private static Path publicDir(String sub) {
        String prop = System.getProperty("harness.benchmarks.dir");
        assumeTrue(prop != null && !prop.isBlank(), "public histories not configured: harness.benchmarks.dir unset");
        Path p = Path.of(prop).resolve("linearizability").resolve(sub).normalize();
        assumeTrue(Files.exists(p), "public histories absent: " + p + " does not exist");
        return p;
    }

    @Test
    void publicEtcdHistoriesExitAsTheirVerdicts() throws IOException {
        Path tsv = publicDir("jepsen-etcd/verdicts.tsv");
        List<String> ok = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] cols = line.split("\t");
            (cols[1].equals("linearizable") ? ok : bad).add(tsv.resolveSibling(cols[0]).toString());
        }
        assertThat(ok).isNotEmpty();
        assertThat(bad).isNotEmpty();

        Run good = harness("history", "--spec", "register", "--format", "jepsen-etcd", ok.get(0), ok.get(1));
        Run wrong = harness("history", "--spec", "register", "--format", "jepsen-etcd", bad.get(0));

        assertThat(good.code()).as(good.out() + good.err()).isEqualTo(Command.OK);
        assertThat(wrong.code()).as(wrong.out() + wrong.err()).isEqualTo(Command.VIOLATION);
        assertThat(wrong.out()).contains(">> process");
    }

    @Test
    void publicKvHistoriesExitAsTheirNames() {
        Path kv = publicDir("kv");
        Run ok = harness("history", "--spec", "kv", "--format", "jepsen-kv", kv.resolve("c01-ok.txt").toString(),
                kv.resolve("c10-ok.txt").toString());
        Run bad = harness("history", "--spec", "kv", "--format", "jepsen-kv", kv.resolve("c10-bad.txt").toString());

        assertThat(ok.code()).as(ok.out() + ok.err()).isEqualTo(Command.OK);
        assertThat(bad.code()).as(bad.out() + bad.err()).isEqualTo(Command.VIOLATION);
    }

    @Test
    void publicFileInTheWrongFormatIsBadInput() {
        Path kv = publicDir("kv/c01-ok.txt");
        assertOneLineError(harness("history", "--spec", "register", "--format", "jepsen-etcd", kv.toString()),
                kv + ":1: expected 'INFO jepsen.util");
    }
}
