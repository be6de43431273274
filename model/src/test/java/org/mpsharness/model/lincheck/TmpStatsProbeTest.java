package org.mpsharness.model.lincheck;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.mutants.MallocsFirstStatsAllocator;

class TmpStatsProbeTest {
    static Object[] op(Object... c) { return c; }
    @Test
    void probe() {
        AllocatorLin.factory = MallocsFirstStatsAllocator::new;
        int inv = Integer.getInteger("probe.inv", 10);
        var sc = LincheckRunner.scenario(AllocatorLin.class, AllocatorLin.ops(op("malloc", 1, 0), op("free", 1)),
                List.of(AllocatorLin.ops(op("malloc", 1, 0), op("free", 1)), AllocatorLin.ops(op("current", 4))));
        long t0 = System.nanoTime();
        try {
            LincheckRunner.modelCheck(AllocatorLin.class, AllocatorSpec.class, 0, inv, 0, inv, sc);
            System.out.println("PROBE not caught");
        } catch (Throwable e) {
            System.out.println("PROBE caught: " + e.getMessage().lines().filter(l -> l.contains("below") || l.startsWith("|")).limit(30).toList());
        }
        System.out.printf("PROBE %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
