package org.mpsharness.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.catalog.Catalog;
import org.mpsharness.stress.catalog.CatalogControls;
import org.mpsharness.stress.runner.Plans;
import org.mpsharness.stress.runner.StressReport;
import org.mpsharness.stress.runner.StressRunner;

/**
 * The build's jcstress check (run by surefire in the {@code integration-test} phase, after {@code package} made
 * target/jcstress.jar): every correct test in sanity mode, every control in quick mode, on the reduced JVM matrix.
 * Fails when no test ran, a selected test did not run, a correct design showed a forbidden outcome, a control was
 * not caught, or a control that the seeded-bug catalog names as evidence did not run in this build. Skip locally with
 * {@code -Dharness.skipJcstress=true}; CI never does.
 */
class JcstressIT {

    @Test
    void correctDesignsNeverShowForbiddenOutcomesAndEveryControlIsCaught() throws IOException {
        Path jar = Path.of(System.getProperty("harness.jcstress.jar", "target/jcstress.jar"));
        Path work = Path.of(System.getProperty("harness.jcstress.resultsDir", "target/jcstress-results"));
        assertThat(StressRunner.checkJar(jar)).as("jcstress jar").isNull();

        long t0 = System.nanoTime();
        StressReport report = new StressRunner(jar, work, System.out).run(Plans.ci());
        String table = report.table() + String.format("total jcstress time: %.0f s%n", (System.nanoTime() - t0) / 1e9);
        String notRun = Plans.notRun(Runtime.getRuntime().availableProcessors());
        if (notRun != null) {
            table += notRun + System.lineSeparator();
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve("summary.txt"), table);
        System.out.println(table);

        assertThat(report.failures()).as(table).isEmpty();
        assertThat(CatalogControls.unconfirmed(Catalog.all(), report.tests()))
                .as("controls named by the catalog, confirmed by this build's run").isEmpty();
    }
}
