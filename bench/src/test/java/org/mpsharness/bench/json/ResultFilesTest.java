package org.mpsharness.bench.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.bench.AllocBench;

/** {@code bench alloc}'s JSON reads back as it was written, JMH's own JSON (with "NaN" errors) reads too. */
class ResultFilesTest {

    @Test
    void allocRowsRoundTripInJmhShape(@TempDir Path dir) throws Exception {
        List<AllocBench.Point> points = List.of(
                new AllocBench.Point("improved", 4, 3.5e7, List.of(3.1e7, 3.5e7), List.of()),
                new AllocBench.Point("baseline", 4, 1.0e6, List.of(1.0e6), List.of("heap leaked")));
        Path f = dir.resolve("out/alloc.json");
        ResultFiles.write(f, AllocBench.rows(points), 2, 2);
        ResultFiles.writeMeta(f, RunMetadata.capture("./harness bench alloc", "unit test"));
        List<ResultRow> back = ResultFiles.read(f);
        assertThat(back).hasSize(2);
        ResultRow r = back.get(0);
        assertThat(r.benchmark()).isEqualTo(AllocBench.BENCHMARK);
        assertThat(r.shortName()).isEqualTo("AllocBench.peers");
        assertThat(r.mode()).isEqualTo("thrpt");
        assertThat(r.threads()).isEqualTo(4);
        assertThat(r.design()).isEqualTo("improved");
        assertThat(r.score()).isEqualTo(3.5e7);
        assertThat(r.scoreError()).isNaN();
        assertThat(r.rawData()).containsExactly(List.of(3.1e7, 3.5e7));
        assertThat(back.get(1).leaks()).containsExactly("heap leaked");
        String text = Files.readString(f);
        assertThat(text).contains("\"scoreError\" : \"NaN\"", "\"scoreUnit\" : \"ops/s\"", "\"params\" : {");
        RunMetadata m = ResultFiles.readMeta(f);
        assertThat(m.label()).isEqualTo("unit test");
        assertThat(m.machine().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(m.commit()).isNotBlank();
        assertThat(ResultFiles.metaPath(f).getFileName().toString()).isEqualTo("alloc.meta.json");
    }

    @Test
    void readsJmhsOwnJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("jmh.json");
        Files.writeString(f, """
                [ { "jmhVersion" : "1.37", "benchmark" : "org.mpsharness.bench.jmh.StreamPoolJmh.getStream",
                    "mode" : "thrpt", "threads" : 2, "forks" : 1, "params" : { "design" : "baseline+4" },
                    "primaryMetric" : { "score" : 1.5E8, "scoreError" : "NaN", "scoreConfidence" : [ "NaN", "NaN" ],
                      "scoreUnit" : "ops/s", "rawData" : [ [ 1.4E8, 1.5E8 ] ] }, "secondaryMetrics" : { } },
                  { "benchmark" : "org.mpsharness.bench.jmh.StreamPoolJmh.arrayRead", "mode" : "thrpt",
                    "threads" : 1, "forks" : 1,
                    "primaryMetric" : { "score" : 4.0E8, "scoreError" : 2.0E7, "scoreUnit" : "ops/s",
                      "rawData" : [ [ 4.0E8 ] ] } } ]
                """);
        List<ResultRow> rows = ResultFiles.read(f);
        assertThat(rows.get(0).design()).isEqualTo("baseline+4");
        assertThat(rows.get(0).scoreError()).isNaN();
        assertThat(rows.get(0).params()).isEqualTo(Map.of("design", "baseline+4"));
        assertThat(rows.get(1).design()).isEqualTo("-");
        assertThat(rows.get(1).scoreError()).isEqualTo(2.0e7);
        assertThat(ResultFiles.readMeta(f)).isNull();
    }
}
