package org.mpsharness.model.check;

import org.junit.jupiter.api.Test;

class TmpAllocChecksProbeTest {
    @Test
    void probe() throws Exception {
        String which = System.getProperty("probe.checks", "contract");
        String[] classes = System.getProperty("probe.classes",
                "org.mpsharness.core.alloc.ShardedAllocator,org.mpsharness.core.alloc.FixedBaselineAllocator,"
                + "org.mpsharness.core.alloc.BaselineAllocator").split(",");
        for (String cn : classes) {
            Class<?> c = Class.forName(cn.contains(".") ? cn : "org.mpsharness.model.mutants." + cn);
            CheckSuite suite = new CheckSuite();
            if (which.equals("suite") || which.equals("all")) {
                long t0 = System.nanoTime();
                for (CheckOutcome o : suite.run(c, which.equals("suite"))) {
                    System.out.printf("SUITE %-32s %-24s %-7s %6.1f s %s%n", c.getSimpleName(), o.check(),
                            o.verdict(), o.nanos() / 1e9, o.rejected() || !o.passed() ? o.shortTrace(3).replace('\n', ' ') : "");
                }
                System.out.printf("SUITE %-32s total %.1f s%n", c.getSimpleName(), (System.nanoTime() - t0) / 1e9);
                continue;
            }
            for (String name : which.split(",")) {
                CheckOutcome o = suite.run(c, name);
                System.out.printf("PROBE %-32s %-24s %-7s %6.1f s %s%n", c.getSimpleName(), name, o.verdict(),
                        o.nanos() / 1e9, !o.passed() ? o.shortTrace(4).replace('\n', ' ') : "");
            }
        }
    }
}
