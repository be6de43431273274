package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.ResultRow;

/**
 * Every JMH benchmark runs, for both designs, with two measuring threads (in-process, a few milliseconds each): a
 * benchmark that throws (a pool that runs out of slots because releases leak, a freelist that hands out a taken slot
 * and then refuses its release) fails the sweep. Not a performance test: no figure is asserted beyond "it did work".
 */
class JmhSweepTest {

    @Test
    void everyBenchmarkRunsForBothDesigns() throws Exception {
        List<String> lines = new ArrayList<>();
        List<JmhSweep.Point> points = JmhSweep.run(".*", List.of(2), JmhSweep.Mode.SMOKE, lines::add);
        assertThat(points).extracting(p -> p.benchmark() + "/" + p.design()).containsExactlyInAnyOrder(
                "FreelistJmh.tryAcquireRelease/baseline", "FreelistJmh.tryAcquireRelease/improved",
                "FreelistJmh.tryAcquireRelease/home-slot",
                "GateJmh.decisionOneActive/baseline", "GateJmh.decisionOneActive/improved",
                "GateJmh.decisionTwoActive/baseline", "GateJmh.decisionTwoActive/improved",
                "GateJmh.gateOnlyOneActive/baseline", "GateJmh.gateOnlyOneActive/improved",
                "GateJmh.gateOnlyTwoActive/baseline", "GateJmh.gateOnlyTwoActive/improved",
                "OncePerSlotJmh.get/baseline", "OncePerSlotJmh.get/improved",
                "StreamPoolJmh.acquireRelease/baseline", "StreamPoolJmh.acquireRelease/improved",
                "StreamPoolJmh.acquireRelease/improved-bitmask",
                "StreamPoolJmh.arrayRead/baseline", "StreamPoolJmh.arrayRead/improved",
                "StreamPoolJmh.arrayRead/improved-bitmask",
                "StreamPoolJmh.commitDecision/baseline", "StreamPoolJmh.commitDecision/improved",
                "StreamPoolJmh.commitDecision/improved-bitmask",
                "StreamPoolJmh.getStream/baseline", "StreamPoolJmh.getStream/improved",
                "StreamPoolJmh.getStream/improved-bitmask",
                "StreamPoolJmh.setCurrentStream/baseline", "StreamPoolJmh.setCurrentStream/improved",
                "StreamPoolJmh.setCurrentStream/improved-bitmask");
        assertThat(points).allSatisfy(p -> {
            assertThat(p.threads()).isEqualTo(2);
            assertThat(p.opsPerSecond()).isPositive();
        });
        assertThat(lines).hasSize(points.size());
    }

    /** An ablation through JMH: the design parameter replaced, the results kept in JMH's own JSON. */
    @Test
    void designsReplaceTheParameterAndJmhsJsonIsKept(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        List<JmhSweep.Point> points = JmhSweep.run("OncePerSlotJmh", List.of(1), JmhSweep.Mode.SMOKE,
                List.of("baseline+4", "baseline"), json, s -> { });
        assertThat(points).extracting(JmhSweep.Point::design).containsExactlyInAnyOrder("baseline+4", "baseline");
        List<ResultRow> rows = ResultFiles.read(json);
        assertThat(rows).extracting(ResultRow::shortName).containsOnly("OncePerSlotJmh.get");
        assertThat(rows).extracting(ResultRow::design).containsExactlyInAnyOrder("baseline+4", "baseline");
        assertThat(rows).allSatisfy(r -> assertThat(r.score()).isPositive());
        assertThat(Files.readString(json)).contains("\"jmhVersion\"");
    }
}
