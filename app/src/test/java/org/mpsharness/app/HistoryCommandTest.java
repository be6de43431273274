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
        assertOneLineError(harness("history", "--spec", "register", "--colour", h), "Unknown option: '--colour'");
        assertOneLineError(harness("history", h), "--spec is required");
        assertOneLineError(harness("history", "--spec", "register"), "no history file given");
        assertOneLineError(harness("history", "--spec", "register", "--timeout", "soon", h), "--timeout",
                "'soon'");
        assertOneLineError(harness("history", "--spec", "register", "--timeout", "-1", h), "--timeout");
        assertOneLineError(harness("history", "--spec"), "Missing required parameter for option '--spec'");
        assertOneLineError(harness("history", "--spec", "register", dir.resolve("absent.jsonl").toString()),
                "absent.jsonl: no such file");
        assertOneLineError(harness("history", "--spec", "register", dir.toString()), "is a directory");
    }

    // --- no operations --------------------------------------------------------------------------------------------

    @Test
    void aFileWithoutOperationsIsBadInputInEveryFormat() throws IOException {
        for (String format : List.of("jsonl", "jepsen-etcd", "jepsen-kv")) {
            Path empty = Files.writeString(dir.resolve("empty." + format), "");
            Path blank = file("blank." + format, "", "   ", "\t");

            assertOneLineError(harness("history", "--spec", "register", "--format", format, empty.toString()),
                    empty + ": no operations (nothing was invoked");
            assertOneLineError(harness("history", "--spec", "register", "--format", format, blank.toString()),
                    blank + ": no operations");
        }
    }

    @Test
    void aFileWhoseEveryOperationFailedIsBadInput() throws IOException {
        Path h = file("failed.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
                "{\"process\":0,\"type\":\"fail\"}");

        assertOneLineError(harness("history", "--spec", "register", h.toString()),
                h + ": no operations (all 1 invoked operations failed");
    }

    @Test
    void anEmptyFileAmongGoodOnesStopsBeforeAnyVerdict() throws IOException {
        Path ok = file("ok.jsonl", LINEARIZABLE);
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");

        assertOneLineError(harness("history", "--spec", "register", ok.toString(), empty.toString()),
                empty + ": no operations");
    }

    // --- numbers ----------------------------------------------------------------------------------------------------

    private static String malloc(int p, String id) {
        return "{\"process\":" + p + ",\"type\":\"invoke\",\"f\":\"malloc\",\"value\":{\"size\":8}}\n"
                + "{\"process\":" + p + ",\"type\":\"ok\",\"value\":{\"id\":" + id + ",\"size\":8}}";
    }

    private static String free(int p, String id) {
        return "{\"process\":" + p + ",\"type\":\"invoke\",\"f\":\"free\",\"value\":{\"id\":" + id + "}}\n"
                + "{\"process\":" + p + ",\"type\":\"ok\"}";
    }

    @Test
    void oneBlockSpeltTwoWaysIsOneBlock() throws IOException {
        Path twice = file("twice.jsonl", malloc(0, "1"), malloc(1, "1.0"));
        Path freed = file("freed.jsonl", malloc(0, "1"), free(0, "1.0"), malloc(1, "1e0"));

        Run r = harness("history", "--spec", "allocator", twice.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.VIOLATION);
        assertThat(r.out()).contains(twice + ": NOT linearizable (allocator; 2 operations, 1 partition");
        r = harness("history", "--spec", "allocator", freed.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
        assertThat(r.out()).contains(freed + ": linearizable (allocator; 3 operations, 1 partition");
    }

    @Test
    void aFractionalIdIsBadInputAtItsLine() throws IOException {
        Path block = file("block.jsonl", malloc(0, "1"), malloc(1, "1.5"));
        Path slot = file("slot.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"acquire\"}",
                "{\"process\":0,\"type\":\"ok\",\"value\":2.5}");

        assertOneLineError(harness("history", "--spec", "allocator", block.toString()),
                block + ":3: malloc's output needs an integer \"id\", not {\"id\": 1.5, \"size\": 8}");
        assertOneLineError(harness("history", "--spec", "stream-pool", slot.toString()),
                slot + ":1: acquire returns a slot 0..31, not 2.5");
    }

    // --- bad input -------------------------------------------------------------------------------------------------

    @Test
    void missingFieldsAreOneLineNamingFileAndLine() throws IOException {
        Path noProcess = file("p.jsonl", LINEARIZABLE[0], "{\"type\":\"ok\"}");
        Path noType = file("t.jsonl", "{\"process\":0,\"f\":\"write\",\"value\":1}");
        Path noF = file("f.jsonl", "{\"process\":0,\"type\":\"invoke\",\"value\":1}");
        Path noSize = file("s.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"malloc\",\"value\":{}}");
        Path noInput = file("i.jsonl", free(0, "1").replace(",\"value\":{\"id\":1}", ""));

        assertOneLineError(harness("history", "--spec", "register", noProcess.toString()),
                noProcess + ":2: missing \"process\"");
        assertOneLineError(harness("history", "--spec", "register", noType.toString()),
                noType + ":1: missing \"type\"");
        assertOneLineError(harness("history", "--spec", "register", noF.toString()),
                noF + ":1: an invoke event needs \"f\"");
        assertOneLineError(harness("history", "--spec", "allocator", noSize.toString()),
                noSize + ":1: malloc's input needs an integer \"size\"");
        assertOneLineError(harness("history", "--spec", "allocator", noInput.toString()),
                noInput + ":1: free's input needs an integer \"id\", not null");
    }

    @Test
    void numbersBeyondSixtyFourBitsAreOneLine() throws IOException {
        Path h = file("big.jsonl", malloc(0, "1e30"));

        assertOneLineError(harness("history", "--spec", "allocator", h.toString()),
                h + ":2: invalid JSON: column", "integer 1e30 does not fit in 64 bits");
    }

    @Test
    void unknownFunctionsAreOneLineInEverySpec() throws IOException {
        Path h = file("pop.jsonl",
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"pop\",\"value\":{\"key\":\"a\",\"slot\":1}}");
        for (String spec : List.of("register", "kv", "kv-whole", "stream-pool", "allocator", "once-per-slot",
                "commit-gate")) {
            assertOneLineError(harness("history", "--spec", spec, h.toString()), h + ":1: ", "no operation 'pop'");
        }
    }

    // --- out of memory ---------------------------------------------------------------------------------------------

    private record Child(int code, String out, String err) {
    }

    /** {@code ./harness history ARGS} in a child JVM with a heap of {@code heapMiB}, as a user with a small heap. */
    private static Child child(int heapMiB, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMiB + "m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Harness.class.getName(), "history"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread drain = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("(stderr unreadable: " + e + ")");
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not end: " + cmd);
        }
        drain.join();
        return new Child(p.exitValue(), out, err.join());
    }

    private static void assertNoStackTrace(Child c) {
        assertThat(c.out() + c.err()).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("java.lang.OutOfMemoryError");
    }

    /**
     * 22 concurrent writes, then a read of a value none wrote: refuting it means trying every order of the writes,
     * about 22 x 2^21 configurations for the memo table, far more than a 32 MiB heap holds.
     */
    @Test
    void runningOutOfHeapWhileDecidingIsUnknownWithAHint() throws Exception {
        List<String> lines = new ArrayList<>();
        int writers = 22;
        for (int p = 0; p < writers; p++) {
            lines.add("{\"process\":" + p + ",\"type\":\"invoke\",\"f\":\"write\",\"value\":" + p + "}");
        }
        for (int p = 0; p < writers; p++) {
            lines.add("{\"process\":" + p + ",\"type\":\"ok\"}");
        }
        lines.add("{\"process\":99,\"type\":\"invoke\",\"f\":\"read\"}");
        lines.add("{\"process\":99,\"type\":\"ok\",\"value\":-1}");
        Path h = file("huge-search.jsonl", lines.toArray(String[]::new));

        Child c = child(32, "--spec", "register", "--timeout", "600", h.toString());

        assertThat(c.code()).as(c.out() + c.err()).isEqualTo(Command.UNKNOWN);
        assertThat(c.out()).contains(h + ": UNKNOWN: out of memory after").contains("register; 23 operations")
                .contains("out of memory deciding " + h + " (heap limit").contains("HARNESS_JAVA_OPTS=-Xmx");
        assertNoStackTrace(c);
    }

    @Test
    void runningOutOfHeapWhileReadingIsUnknownWithAHint() throws Exception {
        Path big = dir.resolve("big.jsonl");
        try (var w = Files.newBufferedWriter(big)) {
            String line = String.join("", LINEARIZABLE[0], "\n", LINEARIZABLE[2], "\n");
            for (long written = 0; written < 48L << 20; written += line.length()) {
                w.write(line);
            }
        }

        Child c = child(16, "--spec", "register", big.toString());

        assertThat(c.code()).as(c.out() + c.err()).isEqualTo(Command.UNKNOWN);
        assertThat(c.out()).isEmpty();
        assertThat(c.err().lines().toList()).hasSize(1);
        assertThat(c.err()).startsWith("harness history: out of memory reading " + big).contains("HARNESS_JAVA_OPTS");
        assertNoStackTrace(c);
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
