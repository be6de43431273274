package org.mpsharness.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * docs/performance.md from a small committed results fixture: the plots are well-formed SVG with one series per
 * design measured, the page carries each file's metadata and the verdicts computed from the figures, regenerating
 * gives the same bytes, and a malformed results file is named in one line.
 */
class PerformanceReportTest {

    @Test
    void plotsAreWellFormedSvgWithOneSeriesPerDesign(@TempDir Path dir) throws Exception {
        Path results = ReportFixture.copyTo(dir.resolve("results"));
        PerformanceReport.Output o = PerformanceReport.render(results, dir.resolve("performance.md"));
        Path run = results.resolve("2026-01-01-fixture");
        assertThat(o.plots().keySet()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "AllocBench.peers.svg", "StreamPoolJmh.acquireRelease.svg", "StreamPoolJmh.arrayRead.svg",
                "StreamPoolJmh.commitDecision.svg", "StreamPoolJmh.getStream.svg");
        Map<String, List<Integer>> alloc = series(o.plots().get(run.resolve("AllocBench.peers.svg")));
        assertThat(alloc.keySet()).containsExactly("baseline", "baseline+1", "improved", "bound", "pytorch",
                "cuMemAllocAsync");
        assertThat(alloc.values()).allSatisfy(points -> assertThat(points).containsExactly(2)); // 1 and 16 threads
        assertThat(series(o.plots().get(run.resolve("StreamPoolJmh.getStream.svg"))).keySet())
                .containsExactly("baseline", "baseline+4", "improved");
    }

    /** Series name → [number of points in its polyline] for each {@code <g class="series">} of the SVG. */
    private static Map<String, List<Integer>> series(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        Map<String, List<Integer>> out = new java.util.LinkedHashMap<>();
        NodeList gs = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < gs.getLength(); i++) {
            Element g = (Element) gs.item(i);
            if (g.getAttribute("class").equals("series")) {
                Element line = (Element) g.getElementsByTagNameNS("*", "polyline").item(0);
                String pts = line.getAttribute("points").strip();
                List<Integer> n = new ArrayList<>();
                n.add(pts.isEmpty() ? 0 : pts.split(" ").length);
                out.put(g.getAttribute("data-series"), n);
            }
        }
        return out;
    }

    @Test
    void pageShowsMetadataVerdictsAndAblationsAndIsStable(@TempDir Path dir) throws Exception {
        Path results = ReportFixture.copyTo(dir.resolve("results"));
        Path page = dir.resolve("docs/performance.md");
        PerformanceReport.write(results, page);
        String md = Files.readString(page);
        assertThat(md).contains("test fixture, invented figures", "`0123456789ab`", "Test CPU, 16 cores, Test GPU",
                "`./harness bench alloc --backend cuda --json alloc.json`",
                "[alloc.json](../results/2026-01-01-fixture/alloc.json)",
                "](../results/2026-01-01-fixture/AllocBench.peers.svg)");
        assertThat(md).contains("| improved allocator within 3× of the bound at every thread count | MET |",
                "| pool acquire+release at 16 threads ≥ 5× the mutex baseline | MISSED |",
                "| stream lookup ≤ 1.5× a plain array read (time per call) | MET |",
                "| single-stream commit decision ≤ 2× the ungated decision (time per call) | MISSED |");
        assertThat(md).contains("| improved ÷ bound | 0.43× | 0.57× |", "| improved ÷ pytorch | 15× | 1111× |",
                "| baseline+1 ÷ baseline | 3× | 50× |");
        assertThat(md).contains("### Ablation: each improvement alone", "| StreamPoolJmh.getStream | baseline+4 |");
        assertThat(Files.exists(results.resolve("2026-01-01-fixture/AllocBench.peers.svg"))).isTrue();
        PerformanceReport.Output again = PerformanceReport.render(results, page);
        assertThat(again.markdown()).isEqualTo(md);
        for (Map.Entry<Path, String> e : again.plots().entrySet()) {
            assertThat(Files.readString(e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Test
    void malformedOrMissingResultsAreNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PerformanceReport.render(dir.resolve("absent"), dir.resolve("p.md")))
                .isInstanceOf(IOException.class).hasMessageContaining("no results folder");
        Files.createDirectories(dir.resolve("r/run"));
        assertThatThrownBy(() -> PerformanceReport.render(dir.resolve("r"), dir.resolve("p.md")))
                .isInstanceOf(IOException.class).hasMessageContaining("no results under");
        Files.writeString(dir.resolve("r/run/bad.json"), "[{\"benchmark\": \"x\"}]");
        assertThatThrownBy(() -> PerformanceReport.render(dir.resolve("r"), dir.resolve("p.md")))
                .isInstanceOf(IOException.class).hasMessageContaining("bad.json").hasMessageContaining("entry 0");
        Files.writeString(dir.resolve("r/run/bad.json"), "{not json");
        assertThatThrownBy(() -> PerformanceReport.render(dir.resolve("r"), dir.resolve("p.md")))
                .isInstanceOf(IOException.class).hasMessageContaining("bad.json").hasMessageContaining("not JSON");
    }
}
