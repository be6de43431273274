package org.mpsharness.model.check;

import java.util.List;
import org.junit.jupiter.api.Test;

class TmpAllocChecksProbeTest {
    @Test
    void probe() throws Exception {
        String which = System.getProperty("probe.checks", "contract");
        String[] classes = System.getProperty("probe.classes",
                "org.mpsharness.core.alloc.ShardedAllocator,org.mpsharness.core.alloc.FixedBaselineAllocator,"
                + "org.mpsharness.core.alloc.BaselineAllocator").split(",");
        for (String cn0 : classes) {
            String cn = cn0;
            System.clearProperty("probe.v");
            if (cn0.contains("@")) {
                cn = cn0.substring(0, cn0.indexOf('@'));
                System.setProperty("probe.v", cn0.substring(cn0.indexOf('@') + 1));
            }
            Class<?> c = Class.forName(cn.contains(".") ? cn : "org.mpsharness.model.mutants." + cn);
            if (which.equals("suite")) {
                long t0 = System.nanoTime();
                for (CheckOutcome o : new CheckSuite().run(c, !c.getName().contains(".core."))) {
                    System.out.printf("SUITE %-32s %-24s %-5s %6.1f s %s%n", c.getSimpleName(), o.check(),
                            o.verdict(), o.nanos() / 1e9, o.failed() ? o.shortTrace(2).replace('\n', ' ') : "");
                }
                System.out.printf("SUITE %-32s total %.1f s%n", c.getSimpleName(), (System.nanoTime() - t0) / 1e9);
                continue;
            }
            for (Check check : new CheckSuite().checks()) {
                if (!which.contains(check.name()) || !check.appliesTo(Component.of(c))) {
                    continue;
                }
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                CheckOutcome o = CheckSuite.runOne(check, c, Component.of(c));
                System.out.printf("PROBE %-32s %-24s %-5s %6.1f s cpu %6.1f s load %4.1f %s%n", c.getSimpleName() + "@" + System.getProperty("probe.v", ""),
                        check.name(), o.verdict(), o.nanos() / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9,
                        os.getSystemLoadAverage(), o.failed() ? o.shortTrace(3).replace('\n', ' ') : "");
            }
        }
    }
}
