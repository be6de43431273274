package org.mpsharness.stress.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mpsharness.model.catalog.Catalog;
import org.mpsharness.model.catalog.SeededBug;

/**
 * Every jcstress control that the seeded-bug catalog names exists here and is a control ({@code Broken*}), so that
 * the build's jcstress check — which fails when a control is not caught — really covers the variants the catalog
 * counts as caught by jcstress.
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
}
