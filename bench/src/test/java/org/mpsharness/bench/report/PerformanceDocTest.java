package org.mpsharness.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/performance.md and its plots are what the committed JSON under docs/results gives: a figure edited by hand, or
 * results committed without regenerating the page, fail here with the command that fixes it.
 */
class PerformanceDocTest {

    @Test
    void docsMatchTheirJson() throws Exception {
        String repo = System.getProperty("harness.repo.dir");
        assumeTrue(repo != null, "harness.repo.dir not set (run through Maven)");
        Path results = Path.of(repo, "docs/results");
        Path page = Path.of(repo, "docs/performance.md");
        assumeTrue(Files.isDirectory(results), "no docs/results in this tree");
        PerformanceReport.Output o = PerformanceReport.render(results, page);
        String fix = "out of date: run " + PerformanceReport.COMMAND + " and commit the result";
        assertThat(page).as("docs/performance.md " + fix).exists();
        assertThat(Files.readString(page)).as("docs/performance.md " + fix).isEqualTo(o.markdown());
        for (Map.Entry<Path, String> e : o.plots().entrySet()) {
            assertThat(e.getKey()).as(e.getKey() + " " + fix).exists();
            assertThat(Files.readString(e.getKey())).as(e.getKey() + " " + fix).isEqualTo(e.getValue());
        }
    }
}
