package org.mpsharness.stress.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.catalog.Catalog;
import org.mpsharness.model.catalog.SeededBug;
import org.mpsharness.stress.runner.TestOutcome;

/**
 * Every jcstress control that the seeded-bug catalog names exists here and is a control ({@code Broken*}); and the
 * rule by which the build's jcstress check ({@code JcstressIT}) confirms them: each one ran in this build and was
 * caught ({@link CatalogControls}).
 */
class CatalogControlsTest {

    @Test
    void everyNamedControlExistsAndIsAControl() throws Exception {
        int named = 0;
        for (SeededBug b : Catalog.all()) {
            if (b.jcstressControl() == null) {
                continue;
            }
            named++;
            Class<?> c = Class.forName("org.mpsharness.stress." + b.jcstressControl());
            assertThat(c.getSimpleName()).as("control of %s", b.id()).startsWith("Broken");
            assertThat(c.isAnnotationPresent(org.openjdk.jcstress.annotations.JCStressTest.class)).isTrue();
        }
        assertThat(named).isGreaterThan(0);
    }

    @Test
    void aControlCountsOnlyWhenItRanInThisBuildAndWasCaught() {
        SeededBug ran = new SeededBug(String.class, "op", "8", "d").withControl("freelist.BrokenA");
        SeededBug missed = new SeededBug(Integer.class, "op", "8", "d").withControl("freelist.BrokenB");
        SeededBug skipped = new SeededBug(Long.class, "op", "8", "d").withControl("freelist.BrokenC");
        SeededBug none = new SeededBug(Short.class, "op", "8", "d");
        List<TestOutcome> outcomes = List.of(
                new TestOutcome("org.mpsharness.stress.freelist.BrokenA", "FAILED",
                        List.of(new TestOutcome.Row("1, 1", 12, "Forbidden", "two owners"))),
                new TestOutcome("org.mpsharness.stress.freelist.BrokenB", "OK",
                        List.of(new TestOutcome.Row("1, 2", 1000, "Acceptable", "distinct"))));
        assertThat(CatalogControls.unconfirmed(List.of(ran, missed, skipped, none), outcomes)).containsExactly(
                "Integer: its control freelist.BrokenB ran and was not caught (status OK, 0 forbidden of 1000)",
                "Long: its control freelist.BrokenC did not run in this build");
    }
}
