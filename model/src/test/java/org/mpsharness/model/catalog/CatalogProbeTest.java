package org.mpsharness.model.catalog;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;

class CatalogProbeTest {
    @Test
    void probe() throws Exception {
        for (String n : System.getProperty("probe.classes", "").split(",")) {
            if (n.isBlank()) {
                continue;
            }
            Class<?> c = Class.forName(n);
            List<CheckOutcome> r = new CheckSuite().run(c);
            for (CheckOutcome o : r) {
                System.out.printf("PROBE %-40s %-26s %-5s %6.1f s %s%n", c.getSimpleName(), o.check(), o.verdict(),
                        o.nanos() / 1e9, o.failed() ? o.shortTrace(3).replace('\n', ' ') : "");
            }
        }
    }
}
