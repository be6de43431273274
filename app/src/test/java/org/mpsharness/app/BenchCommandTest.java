package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.ResultRow;
import org.mpsharness.bench.json.RunMetadata;

/**
 * {@code ./harness bench}: usage errors exit 2 with one line; the pool-history benchmark decides both its histories;
 * {@code bench alloc} writes its JSON and ratios; {@code bench report} regenerates the page from JSON.
 */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Harness().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrors(@TempDir Path dir) {
        assertThat(run("bench", "frobnicate")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("harness bench: Unmatched argument at index 1: 'frobnicate'")
                .contains("(try: harness bench --help)");
        assertThat(err().lines()).hasSize(1);
        assertThat(run("bench", "jmh", "--benchmarks", "(")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("not a regular expression");
        assertThat(run("bench", "jmh", "--benchmarks", "NoSuchBenchmark")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("no benchmark matches 'NoSuchBenchmark'");
        assertThat(run("bench", "jmh", "--mode", "slow")).isEqualTo(Command.USAGE);
        assertThat(run("bench", "alloc", "--threads", "0")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("thread counts must be 1..31");
        assertThat(run("bench", "checker", "--data", dir.resolve("absent").toString())).isEqualTo(Command.USAGE);
        assertThat(err()).contains("no public histories at");
        assertThat(err().lines()).hasSize(1);
        assertThat(run("bench", "alloc", "--design", "baseline+9")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("improvements are 1..5");
        assertThat(run("bench", "alloc", "--peers", "cuMemAllocAsync")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("'cuMemAllocAsync' cannot run here (available with --backend sim: bound)");
        assertThat(run("bench", "alloc", "--pytorch", dir.resolve("absent").toString())).isEqualTo(Command.USAGE);
        assertThat(err()).contains("--pytorch: not an executable file");
        assertThat(run("bench", "jmh", "--design", "nonsense")).isEqualTo(Command.USAGE);
        assertThat(err()).contains("unknown design 'nonsense'");
        assertThat(run("bench", "report", "--results", dir.resolve("absent").toString())).isEqualTo(Command.USAGE);
        assertThat(err()).contains("no results folder at");
        assertThat(err().lines()).hasSize(1);
    }

    /**
     * One short point per row (a design, an ablation): the table, every ratio the rows allow, and the JSON in JMH's
     * shape with its metadata. Not a performance test: nothing is asserted about the figures.
     */
    @Test
    void allocWritesJsonAndRatios(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r/alloc.json");
        assertThat(run("bench", "alloc", "--design", "baseline;baseline+1;improved", "--threads", "1",
                "--seconds", "1", "--rounds", "1", "--peers", "none", "--json", json.toString(), "--label", "unit test",
                "--report", dir.resolve("report").toString()))
                .as(err()).isEqualTo(Command.OK);
        // the same points in the results schema, and the report drawn from them
        org.mpsharness.app.result.ResultsDoc doc = org.mpsharness.app.result.Results.read(
                dir.resolve("report/results.json"));
        assertThat(doc.kind()).isEqualTo("bench-alloc");
        assertThat(doc.benchmarks()).extracting(org.mpsharness.app.result.ResultsDoc.Benchmark::design)
                .containsExactly("baseline", "baseline+1", "improved");
        assertThat(dir.resolve("report/charts/AllocBench.peers.throughput.svg")).isRegularFile();
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("baseline+1 ÷ baseline", "improved ÷ baseline", "scaling from 1 thread(s)")
                .containsPattern("improved allocator within 3× of the bound at every thread count +NOT MEASURED");
        List<ResultRow> rows = ResultFiles.read(json);
        assertThat(rows).extracting(ResultRow::design).containsExactly("baseline", "baseline+1", "improved");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.benchmark()).isEqualTo(AllocBench.BENCHMARK);
            assertThat(r.threads()).isEqualTo(1);
            assertThat(r.score()).isPositive();
            assertThat(r.leaks()).isEmpty();
        });
        RunMetadata m = ResultFiles.readMeta(json);
        assertThat(m.label()).isEqualTo("unit test");
        assertThat(m.command()).startsWith("./harness bench alloc --design 'baseline;baseline+1;improved'")
                .contains("--label 'unit test'");
    }

    @Test
    void reportRegeneratesThePageFromTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results/run-a/alloc.json");
        ResultFiles.write(json, AllocBench.rows(List.of(
                new AllocBench.Point("baseline", 1, 3e6, List.of(3e6), List.of()),
                new AllocBench.Point("improved", 1, 3e7, List.of(3e7), List.of()))), 1, 1);
        Path page = dir.resolve("docs/performance.md");
        assertThat(run("bench", "report", "--results", dir.resolve("results").toString(), "--out", page.toString()))
                .as(err()).isEqualTo(Command.OK);
        assertThat(Files.readString(page)).contains("## Run run-a", "| improved ÷ baseline | 10× |");
        assertThat(dir.resolve("results/run-a/AllocBench.peers.svg")).isRegularFile();
    }

    @Test
    void poolHistoryAcceptsTheRecordingAndRefusesTheFalsifiedCopy() {
        assertThat(run("bench", "pool-history", "--ops", "3000", "--threads", "4", "--rounds", "1"))
                .as(err()).isEqualTo(Command.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("stream-pool history: [0-9,]+ operations, 4 threads, \\d+ partitions: OK")
                .containsPattern("one release falsified: [0-9,]+ operations, 4 threads, \\d+ partitions: VIOLATION");
    }
}
