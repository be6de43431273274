package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
                "OncePerSlotJmh.get/baseline", "OncePerSlotJmh.get/improved",
                "StreamPoolJmh.acquireRelease/baseline", "StreamPoolJmh.acquireRelease/improved",
                "StreamPoolJmh.acquireRelease/improved-home-slot",
                "StreamPoolJmh.arrayRead/baseline", "StreamPoolJmh.arrayRead/improved",
                "StreamPoolJmh.arrayRead/improved-home-slot",
                "StreamPoolJmh.commitDecision/baseline", "StreamPoolJmh.commitDecision/improved",
                "StreamPoolJmh.commitDecision/improved-home-slot",
                "StreamPoolJmh.getStream/baseline", "StreamPoolJmh.getStream/improved",
                "StreamPoolJmh.getStream/improved-home-slot",
                "StreamPoolJmh.setCurrentStream/baseline", "StreamPoolJmh.setCurrentStream/improved",
                "StreamPoolJmh.setCurrentStream/improved-home-slot");
        assertThat(points).allSatisfy(p -> {
            assertThat(p.threads()).isEqualTo(2);
            assertThat(p.opsPerSecond()).isPositive();
        });
        assertThat(lines).hasSize(points.size());
    }
}
