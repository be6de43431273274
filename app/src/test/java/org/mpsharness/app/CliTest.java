package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.app.result.Results;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.model.check.CheckSuite;

/**
 * The command line as a user meets it (issue 13): help per command, both option spellings, repeated options, every
 * bad-input path of the issue as one line and exit 2 before any work or header, and the environment checked first.
 */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        /** The lines on stderr that are not progress lines. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("progress: ")).toList();
        }
    }

    static Run harness(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Harness(env).run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run harness(String... args) {
        return harness(Map.of(), args);
    }

    /** Exit 2, one line on stderr naming the command and the fix, nothing on stdout (no header), no stack trace. */
    static void assertUsage(Run r, String command, String... fragments) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.USAGE);
        assertThat(r.out()).as("nothing runs, no header").isEmpty();
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("harness " + command + ": ").contains("(try: harness " + command + " --help)")
                .doesNotContain("\tat ", "Exception in thread", "Usage:");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    static Stream<Arguments> commands() {
        return Stream.of(Arguments.of("run", "--empty-cache-ms"), Arguments.of("check", "--check-timeout"),
                Arguments.of("history", "--spec"), Arguments.of("stress", "--full-matrix"),
                Arguments.of("oom", "--block-mib"), Arguments.of("bench", "pool-history"),
                Arguments.of("bench alloc", "--pytorch"), Arguments.of("bench jmh", "--benchmarks"),
                Arguments.of("bench report", "--out"), Arguments.of("bench pool-history", "--ops"),
                Arguments.of("bench checker", "--warmup"), Arguments.of("report", "--results"));
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandHasItsOwnHelp(String command, String option) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run r = harness(args.toArray(String[]::new));
        assertThat(r.code()).isEqualTo(Command.OK);
        assertThat(r.out()).startsWith("Usage: harness " + command + " ").contains(option)
                .as("not the global list").doesNotContain("Exit codes:");
        assertThat(r.err()).isEmpty();

        List<String> help = new ArrayList<>(List.of(command.split(" ")));
        help.add(help.size() - 1, "help");
        Run viaHelp = harness(help.toArray(String[]::new));
        assertThat(viaHelp.code()).isEqualTo(Command.OK);
        assertThat(viaHelp.out()).isEqualTo(r.out());
    }

    @Test
    void theGlobalHelpListsEveryCommandAndTheExitCodes() {
        Run r = harness("--help");
        assertThat(r.code()).isEqualTo(Command.OK);
        assertThat(r.out()).contains("run", "check", "history", "stress", "oom", "bench", "report", "Exit codes:",
                "130");
        assertThat(harness("help").out()).isEqualTo(r.out());
        Run v = harness("--version");
        assertThat(v.code()).isEqualTo(Command.OK);
        assertThat(v.out()).startsWith("harness ").contains("Java ").doesNotContain("unknown version");
    }

    @Test
    void checkHelpStatesTheSuitesTimeLimits() {
        assertThat(CheckCommand.QUICK_SECONDS).isEqualTo(CheckSuite.QUICK_LIMIT.toSeconds());
        assertThat(CheckCommand.THOROUGH_SECONDS).isEqualTo(CheckSuite.THOROUGH_LIMIT.toSeconds());
        assertThat(harness("check", "--help").out()).contains("limited to " + CheckSuite.QUICK_LIMIT.toSeconds()
                + " s");
    }

    @Test
    void bothSpellingsOfAnOptionAreAccepted() throws IOException {
        Path h = Files.writeString(dir.resolve("ok.jsonl"), String.join("\n",
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}",
                "{\"process\":0,\"type\":\"ok\",\"f\":\"write\"}") + "\n");
        Path json = dir.resolve("history.json");
        Run spelled = harness("history", "--spec=register", "--format=jsonl", "--json=" + json, h.toString());
        assertThat(spelled.code()).as(spelled.err()).isEqualTo(Command.OK);
        assertThat(Results.read(json).histories()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo("OK");
            assertThat(v.operations()).isEqualTo(1);
        });
        // --mode=quick is parsed: the command gets as far as the jar, which is absent here
        assertUsage(harness("stress", "--mode=quick", "--jar=" + dir.resolve("none.jar")), "stress",
                "jcstress jar not found");
        assertUsage(harness("run", "--threads=0"), "run", "--threads must be in 1..31 (got 0)");
    }

    @Test
    void aSingleValuedOptionGivenTwiceIsRefused() {
        assertUsage(harness("run", "--threads", "2", "--threads=3"), "run", "--threads", "only once");
        assertUsage(harness("history", "--spec", "register", "--spec", "kv", "f"), "history", "only once");
        assertUsage(harness("bench", "alloc", "--seconds", "1", "--seconds", "2"), "bench alloc", "only once");
    }

    @Test
    void typedOptionsStateTheirRangeOrType() {
        assertUsage(harness("run", "--steps", "many"), "run", "'many' is not an int");
        assertUsage(harness("run", "--gpu-nanos", "-1"), "run", "--gpu-nanos must be in 0..1000000000 (got -1)");
        assertUsage(harness("run", "--backend", "opencl"), "run", "--backend must be one of sim, cuda, metal");
        assertUsage(harness("run", "--progress", "loud"), "run", "expected auto, tty, plain or off");
        assertUsage(harness("oom", "--block-mib", "0"), "oom", "--block-mib must be in 1..1048576 (got 0)");
        assertUsage(harness("bench", "alloc", "--threads", "0"), "bench alloc", "thread counts must be 1..31");
        assertUsage(harness("bench", "jmh", "--mode", "slow"), "bench jmh", "--mode must be one of full, quick, "
                + "batch");
    }

    @Test
    void historyDirectoryProblemsAreOneLineBeforeTheWorkloadRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertUsage(harness("run", "--steps", "5", "--history", file.toString()), "run",
                "--history: " + file + " is a file, not a directory");
        assertUsage(harness("run", "--steps", "5", "--history", ""), "run", "--history needs a directory name");
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        readOnly.toFile().setWritable(false, false);
        Path target = Files.isWritable(readOnly) ? Path.of("/proc") : readOnly; // root writes anywhere but /proc
        assertUsage(harness("run", "--steps", "5", "--history", target.toString()), "run", "--history",
                "not writable");
        assertUsage(harness("run", "--steps", "5", "--json", dir.toString()), "run", "is a directory, not a file");
    }

    @Test
    void oomRefusesABlockTheDeviceCanNeverHoldAndStrayArguments() {
        assertUsage(harness("oom", "--block-mib", "65536"), "oom", "the device can never hold a block that size");
        assertUsage(harness("oom", "extra"), "oom", "Unmatched argument", "'extra'");
        assertUsage(harness("bench", "alloc", "--mode", "bogus"), "bench alloc", "Unknown option", "'--mode'");
        assertUsage(harness("bench", "pool-history", "--backend", "cuda"), "bench pool-history",
                "Unknown option", "'--backend'");
    }

    @Test
    void aBadEnvironmentValueIsOneLineBeforeAnyHeader() {
        Map<String, String> garbage = Map.of("PYTORCH_MPS_COMMIT_AND_CONTINUE", "garbage");
        for (String[] cmd : List.of(new String[] {"run", "--steps", "5"}, new String[] {"oom"},
                new String[] {"bench", "alloc", "--seconds", "1"})) {
            String name = cmd[0].equals("bench") ? "bench alloc" : cmd[0];
            assertUsage(harness(garbage, cmd), name, "PYTORCH_MPS_COMMIT_AND_CONTINUE must be on, off or auto "
                    + "(got 'garbage')");
        }
        assertUsage(harness(Map.of("PYTORCH_MPS_HIGH_WATERMARK_RATIO", "1"), "run", "--steps", "5"), "run",
                "PYTORCH_MPS_HIGH_WATERMARK_RATIO=1 is below the default low watermark ratio 1.4",
                "set PYTORCH_MPS_LOW_WATERMARK_RATIO too");
        assertUsage(harness(Map.of("PYTORCH_MPS_HIGH_WATERMARK_RATIO", "x"), "run", "--steps", "5"), "run",
                "PYTORCH_MPS_HIGH_WATERMARK_RATIO must be a number");
        Run both = harness(Map.of("PYTORCH_MPS_HIGH_WATERMARK_RATIO", "1", "PYTORCH_MPS_LOW_WATERMARK_RATIO",
                "0.8"), "run", "--steps", "20", "--threads", "2", "--design", "improved");
        assertThat(both.code()).as(both.out() + both.err()).isEqualTo(Command.OK);
    }

    @Test
    void aVariantReplacesItsPartInTheGivenDesign() {
        Run r = harness("run", "--design", "baseline", "--variant", "org.mpsharness.core.pool.BitmaskFreelist",
                "--steps", "20", "--threads", "2");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
        assertThat(r.out()).contains("baseline,freelist=").doesNotContain("improved");
    }

    /**
     * The cleaner used to sleep its whole interval after the workers ended: 60 s for a run of a fraction of a second.
     * The bound here is a liveness bound far below that, not a performance figure.
     */
    @Test
    void aLongEmptyCacheIntervalDoesNotHoldTheRunOpen() {
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(45), () -> harness("run", "--empty-cache-ms", "60000",
                "--steps", "20", "--threads", "2", "--design", "improved"));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
    }

    @Test
    void runWritesItsResultsAsJsonAndAReport() throws IOException {
        Path json = dir.resolve("out/run.json");
        Path report = dir.resolve("report");
        Run r = harness("run", "--steps", "30", "--threads", "2", "--json", json.toString(), "--report",
                report.toString(), "--progress", "plain");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
        assertThat(r.err()).contains("progress: run [0/2] baseline", "progress: run [1/2] improved");
        ResultsDoc d = Results.read(json);
        assertThat(d.kind()).isEqualTo("run");
        assertThat(d.status()).isEqualTo(ResultsDoc.COMPLETE);
        assertThat(d.exitCode()).isZero();
        assertThat(d.command()).startsWith("./harness run --steps 30");
        assertThat(d.workloads()).extracting(ResultsDoc.Workload::design).containsExactly("baseline", "improved");
        assertThat(d.workloads()).allSatisfy(w -> assertThat(w.ops()).isPositive());
        assertThat(report.resolve("index.html")).isRegularFile();
        assertThat(Results.read(report.resolve("results.json")).workloads()).hasSize(2);
    }

    /** The launcher checks that the JVM starts with HARNESS_JAVA_OPTS before it builds or runs anything. */
    @Test
    void aBadHarnessJavaOptsIsExit2WithOneLine() throws Exception {
        Path repo = Path.of(System.getProperty("harness.repo.dir", "..")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", repo.resolve("harness").toString(), "--help")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("HARNESS_JAVA_OPTS", "-Xbogus");
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"));
        assertThat(p.exitValue()).as(err).isEqualTo(Command.USAGE);
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).contains("the JVM does not start with HARNESS_JAVA_OPTS='-Xbogus'", "-Xbogus")
                .doesNotContain("building");
        assertThat(Files.readString(dir.resolve("out"))).isEmpty();
    }
}
