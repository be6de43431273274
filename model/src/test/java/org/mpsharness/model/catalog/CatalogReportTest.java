package org.mpsharness.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.check.CheckOutcome;
import org.mpsharness.model.check.CheckOutcome.Verdict;

/** What the catalog counts: only a FAIL catches; an ERROR anywhere is a harness defect; a TIMEOUT is no verdict. */
class CatalogReportTest {
    private static CheckOutcome o(String check, Verdict v) {
        return new CheckOutcome(check, v, v == Verdict.PASS ? null : "trace of " + check, 1_000_000);
    }

    @Test
    void aVariantIsCaughtOnlyByAFailure() {
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.PASS), o("lincheck", Verdict.FAIL)), false))
                .isNull();
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.PASS), o("lincheck", Verdict.PASS)), false))
                .contains("no check FAILED it");
        assertThat(CatalogReport.problem(List.of(o("lincheck", Verdict.TIMEOUT)), false)).as("a time-out is no catch")
                .contains("no check FAILED it");
        assertThat(CatalogReport.problem(List.of(), false)).isEqualTo("no check ran");
    }

    @Test
    void aCrashedCheckIsNeverACatchAndFailsTheRunWhereverItIs() {
        assertThat(CatalogReport.problem(List.of(o("lincheck", Verdict.ERROR)), false)).contains("ERROR");
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.FAIL), o("lincheck", Verdict.ERROR)), false))
                .as("even next to a real catch").contains("lincheck crashed");
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.PASS), o("lincheck", Verdict.ERROR)), true))
                .contains("lincheck crashed");
    }

    @Test
    void aCorrectDesignMustPassEveryCheck() {
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.PASS), o("lincheck", Verdict.PASS)), true))
                .isNull();
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.PASS), o("lincheck", Verdict.TIMEOUT)), true))
                .contains("lincheck gave TIMEOUT on a correct design");
        assertThat(CatalogReport.problem(List.of(o("contract", Verdict.FAIL)), true)).contains("gave FAIL");
    }

    @Test
    void theTableCountsOnlyFailuresAsCaughtAndMarksControlsAsEvidence() {
        CatalogReport r = new CatalogReport();
        r.variant(new SeededBug(String.class, "op", "8", "d").withControl("freelist.BrokenX"),
                List.of(o("contract", Verdict.PASS), o("lincheck-stress", Verdict.TIMEOUT)));
        r.variant(new SeededBug(Integer.class, "op", "8", "d"), List.of(o("contract", Verdict.FAIL)));
        String md = r.markdown("test");
        assertThat(md).contains("| `String` | op | 8 | **none** | contract | lincheck-stress TIMEOUT | "
                + "`freelist.BrokenX` | - |");
        assertThat(md).contains("| `Integer` | op | 8 | contract |  |  |  | 0.0 s |");
        assertThat(md).contains("over 1 variants");
    }
}
