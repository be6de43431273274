package org.mpsharness.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckSuite;
import org.mpsharness.model.lincheck.LincheckRunner;

/**
 * The seeded-bug catalog: every correct design passes every check, every variant is FAILED by at least one, and the
 * faithful baseline allocator is rejected for its real bug. Strict ({@link CatalogReport#problem}): only a FAIL counts
 * as a catch; a check that crashed (ERROR) fails the test wherever it happens; a jcstress control does not stand in for
 * a failure here (the stress module's build checks the controls). In quick mode (CI) a variant's checks stop at the
 * first failure; with {@code -Dharness.thorough=true} every check runs on every variant (the full table). The table is
 * written to model/target/catalog.md, and into docs/verification.md with {@code -Dharness.updateDocs=true}.
 */
class CatalogTest {
    private static final CatalogReport REPORT = new CatalogReport();

    static Stream<Arguments> correct() {
        return Catalog.correct().stream().map(c -> Arguments.of(c.getSimpleName(), c));
    }

    static Stream<Arguments> bugs() {
        return Catalog.all().stream().map(b -> Arguments.of(b.id(), b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("correct")
    void correctDesignPassesEveryCheck(String name, Class<?> design) {
        List<CheckOutcome> r = new CheckSuite().run(design);
        REPORT.correct(design, r);
        assertThat(CatalogReport.problem(r, true)).as(name).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void seededBugIsCaught(String name, SeededBug bug) {
        List<CheckOutcome> r = new CheckSuite().run(bug.implementation(), !LincheckRunner.thorough());
        REPORT.variant(bug, r);
        assertThat(CatalogReport.problem(r, false)).as(name).isNull();
        for (CheckOutcome o : r) {
            if (o.rejected()) {
                assertThat(o.trace()).as("a rejection must come with a trace").isNotBlank();
            }
        }
    }

    /**
     * The finding: model checking rejects the faithful baseline allocator for its lock drop, the contract for syncing
     * only the default stream before a release (docs/verification.md, Findings).
     */
    @Test
    void baselineAllocatorIsRejectedForItsLockDrop() {
        SeededBug finding = Catalog.findings().get(0);
        List<CheckOutcome> r = new CheckSuite().run(BaselineAllocator.class);
        REPORT.variant(finding, r);
        assertThat(r).filteredOn(o -> o.check().equals("lincheck-model-checking")).singleElement()
                .satisfies(o -> assertThat(o.trace()).contains("in state RELEASED"));
        // the contract rejects the other half of the finding: release_cached_buffers syncs the default stream only
        assertThat(r).filteredOn(o -> o.check().equals("contract")).singleElement()
                .satisfies(o -> assertThat(o.trace()).contains("streams not synced before the release"));
        assertThat(CatalogReport.problem(r, false)).isNull();
    }

    @AfterAll
    static void writeTable() throws Exception {
        String how = LincheckRunner.thorough() ? "thorough: every check on every variant"
                : "quick: a variant's checks stop at the first failure";
        String md = REPORT.markdown(how + "; 2-core build machine; `./mvnw -B test -pl model -am -Dtest=CatalogTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dharness.updateDocs=true`");
        Path out = Path.of("target", "catalog.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        // the same run as data, for ./harness report's seeded-bug table (docs/results-format.md)
        Files.writeString(Path.of("target", "catalog.json"), REPORT.json("./mvnw -B test -pl model -am "
                + "-Dtest=CatalogTest"));
        if (Boolean.getBoolean("harness.updateDocs")) {
            Path doc = Path.of(System.getProperty("harness.repo.dir", ".."), "docs", "verification.md");
            CatalogReport.updateDocs(doc, md);
        }
    }
}
