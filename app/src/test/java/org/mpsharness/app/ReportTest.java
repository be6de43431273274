package org.mpsharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpsharness.app.result.Results;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.bench.AllocBench;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.RunMetadata;

/**
 * {@code ./harness report}: from results documents of every kind (two real runs at 1 and 2 threads, a check with a
 * counterexample, a catalog run, bench's JMH-shaped file) to index.html and summary.md with verdicts, the trace,
 * the seeded-bug table and throughput and scaling charts; then the page in headless Chromium (Debian's
 * {@code chromium}), which must render it with the charts drawn.
 */
class ReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void makeTheReport() throws IOException {
        Path results = dir.resolve("results");
        for (String t : List.of("1", "2")) {
            CliTest.Run r = CliTest.harness("run", "--steps", "30", "--threads", t, "--progress", "off", "--json",
                    results.resolve("run-t" + t + ".json").toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
        }
        Results check = new Results("check", List.of("./harness", "check", "--design", "com.example.Bad"),
                results.resolve("check.json"));
        check.check(new ResultsDoc.Check("com.example.Bad", "SlotFreelist", "contract", "FAIL", 0.4,
                "slot 3 handed to two threads\n  T1 acquire -> 3\n  T2 acquire -> 3", null));
        check.check(new ResultsDoc.Check("com.example.Bad", "SlotFreelist", "lincheck-stress", "PASS", 2.0, null,
                null));
        check.seal(ResultsDoc.COMPLETE, Command.VIOLATION);
        Results.write(new ResultsDoc(ResultsDoc.SCHEMA, "catalog", "catalog run", "2026-11-30T00:00:00Z", "abc", "",
                null, "", ResultsDoc.COMPLETE, 0, 1.0, List.of(), List.of(), List.of(), null, List.of(
                        new ResultsDoc.Seeded("NoOwnerCheckFreelist", "release without the ownership check", "8",
                                "freelist.BrokenNoOwnerCheckFreelistReleaseRace", List.of(new ResultsDoc.Check(
                                        "NoOwnerCheckFreelist", "SlotFreelist", "contract", "FAIL", 0.1, "t",
                                        null))),
                        new ResultsDoc.Seeded("SplitReleaseMutexFreelist", "split a critical section", "8", null,
                                List.of(new ResultsDoc.Check("SplitReleaseMutexFreelist", "SlotFreelist",
                                        "contract", "PASS", 0.1, null, null)))), List.of(), List.of()),
                results.resolve("catalog.json"));
        Path bench = results.resolve("gpu/alloc.json");
        ResultFiles.write(bench, AllocBench.rows(List.of(
                new AllocBench.Point("baseline", 1, 3e6, List.of(3e6), List.of()),
                new AllocBench.Point("baseline", 4, 2e6, List.of(2e6), List.of()),
                new AllocBench.Point("improved", 1, 3e7, List.of(3e7), List.of()),
                new AllocBench.Point("improved", 4, 9e7, List.of(9e7), List.of()))), 1, 1);
        ResultFiles.writeMeta(bench, RunMetadata.capture("./harness bench alloc", "test"));

        out = dir.resolve("report");
        CliTest.Run r = CliTest.harness("report", "--results", results.toString(), "--out", out.toString(),
                "--catalog", results.resolve("catalog.json").toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Command.OK);
    }

    @Test
    void theReportHasEverySection() throws IOException {
        String html = Files.readString(out.resolve("index.html"));
        String md = Files.readString(out.resolve("summary.md"));
        for (String page : List.of(html, md)) {
            assertThat(page).contains("Runs", "Verdicts per design and check", "Workloads", "Charts",
                    "Seeded-bug detection", "NoOwnerCheckFreelist", "MISSED", "1 of 2 seeded variants caught",
                    "slot 3 handed to two threads", "./harness run --steps 30 --threads 2");
        }
        assertThat(html).contains("<svg", "data-series=\"baseline\"", "data-series=\"improved\"");
        assertThat(out.resolve("charts/workload-sim-.throughput.svg")).isRegularFile();
        assertThat(out.resolve("charts/workload-sim-.scaling.svg")).isRegularFile();
        assertThat(out.resolve("charts/AllocBench.peers.throughput.svg")).isRegularFile();
        assertThat(md).contains("![AllocBench.peers: throughput](charts/AllocBench.peers.throughput.svg)");
    }

    @Test
    void badInputIsOneLine() {
        CliTest.assertUsage(CliTest.harness("report", "--results", dir.resolve("absent").toString()), "report",
                "no results folder at");
        CliTest.assertUsage(CliTest.harness("report"), "report", "Missing required option: '--results=DIR'");
    }

    /** Chromium renders the page: the DOM it built holds the charts, and its screenshot shows the series drawn. */
    @Test
    void chromiumRendersThePageWithItsCharts() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (" + CHROMIUM + "): .ci/run "
                + "installs it; here the page is not rendered");
        String dom = chromium("--dump-dom");
        assertThat(dom).contains("<h1>MPS harness report</h1>", "class=\"chart\"", "data-series=\"improved\"",
                "<polyline");
        Path shot = dir.resolve("shot.png");
        chromium("--screenshot=" + shot, "--window-size=1200,4000");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img).as("a PNG screenshot").isNotNull();
        // the first series' colour, #0072B2, drawn by the browser: the charts rendered, not only sit in the DOM
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - 0x00) < 30 && Math.abs(g - 0x72) < 30 && Math.abs(b - 0xB2) < 30) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("pixels of the first series' colour").isGreaterThan(100);
    }

    private static String chromium(String... mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + dir.resolve("chromium-profile")));
        cmd.addAll(List.of(mode));
        cmd.add(out.resolve("index.html").toUri().toString());
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not end within 120 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium's exit status").isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    /** The catalog run's own JSON ({@code CatalogReport.json}) is a results document the report reads. */
    @Test
    void theCatalogRunsJsonIsAResultsDocument() throws IOException {
        org.mpsharness.model.catalog.CatalogReport r = new org.mpsharness.model.catalog.CatalogReport();
        r.variant(new org.mpsharness.model.catalog.SeededBug(String.class, "op", "8", "d"), List.of(
                new org.mpsharness.model.check.CheckOutcome("contract", org.mpsharness.model.check.CheckOutcome
                        .Verdict.FAIL, "two owners of slot 3", 1_000_000)));
        r.correct(Integer.class, List.of(new org.mpsharness.model.check.CheckOutcome("contract",
                org.mpsharness.model.check.CheckOutcome.Verdict.PASS, null, 1_000_000)));
        Path f = Files.writeString(dir.resolve("catalog-run.json"), r.json("catalog test"));
        ResultsDoc d = Results.read(f);
        assertThat(d.kind()).isEqualTo("catalog");
        assertThat(d.catalog()).singleElement().satisfies(v -> {
            assertThat(v.variant()).isEqualTo("String");
            assertThat(v.checks()).singleElement().satisfies(c -> {
                assertThat(c.verdict()).isEqualTo("FAIL");
                assertThat(c.trace()).contains("two owners of slot 3");
            });
        });
        assertThat(d.checks()).extracting(ResultsDoc.Check::design).containsExactly("Integer");
    }
}
