package org.mpsharness.app.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mpsharness.app.result.ResultsDoc;

/**
 * The report of one or more runs, from their results documents alone: {@code index.html} (charts inline, so the page
 * stands alone), {@code summary.md} (the same sections, charts linked) and {@code charts/*.svg}. Per design and check
 * the verdict with its counterexample (the Lincheck interleaving, the history window, the failing step: trimmed), the
 * workloads, throughput and scaling charts, the seeded-bug detection table where a catalog run is among the inputs,
 * the jcstress tests with links to jcstress's own pages. A run that was interrupted says so in red: its figures are
 * what finished before Ctrl-C.
 */
public final class Report {
    /** Lines of a counterexample shown in the report (the JSON holds what the check reported). */
    static final int TRACE_LINES = 60;

    /** A link to show in the report, e.g. a jcstress results page found beside the results. */
    public record Link(String text, String href) {
    }

    private Report() {
    }

    /** Writes index.html, summary.md and charts/ into {@code dir}. */
    public static void write(List<ResultsDoc> docs, List<Link> links, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("charts"));
        Page p = new Page("MPS harness report");
        runs(p, docs);
        checks(p, docs);
        workloads(p, docs);
        List<Charts.Chart> charts = Charts.all(docs);
        if (!charts.isEmpty()) {
            p.heading("Charts");
            for (Charts.Chart c : charts) {
                String file = "charts/" + c.id() + ".svg";
                Files.writeString(dir.resolve(file), c.svg(), StandardCharsets.UTF_8);
                p.chart(c.id(), c.title(), c.svg(), file);
            }
        }
        catalog(p, docs);
        stress(p, docs, links, dir);
        Files.writeString(dir.resolve("index.html"), p.html(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.md"), p.markdown(), StandardCharsets.UTF_8);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static void runs(Page p, List<ResultsDoc> docs) {
        p.heading("Runs");
        List<List<String>> rows = new ArrayList<>();
        for (ResultsDoc d : docs) {
            String machine = d.machine() == null ? "?" : d.machine().cpu() + ", " + d.machine().cores() + " cores"
                    + (d.machine().gpu() == null || d.machine().gpu().isBlank() ? "" : ", " + d.machine().gpu());
            rows.add(List.of(nz(d.kind()), nz(d.command()), nz(d.date()), machine, shortCommit(d.commit()),
                    nz(d.status()), d.exitCode() == null ? "" : d.exitCode().toString()));
        }
        p.table(List.of("kind", "command", "date (UTC)", "machine", "commit", "status", "exit"), rows);
        if (docs.stream().anyMatch(d -> ResultsDoc.INTERRUPTED.equals(d.status()))) {
            p.paragraph("An interrupted run's figures are what finished before the interrupt: partial, never a "
                    + "verdict on what did not run.");
        }
    }

    private static void checks(Page p, List<ResultsDoc> docs) {
        List<ResultsDoc.Check> all = new ArrayList<>();
        docs.forEach(d -> all.addAll(list(d.checks())));
        if (all.isEmpty()) {
            return;
        }
        p.heading("Verdicts per design and check");
        List<List<String>> rows = new ArrayList<>();
        for (ResultsDoc.Check c : all) {
            rows.add(List.of(nz(c.design()), nz(c.check()), nz(c.verdict()), seconds(c.seconds())));
        }
        p.table(List.of("design", "check", "verdict", "time"), rows);
        for (ResultsDoc.Check c : all) {
            if (c.trace() != null && !c.trace().isBlank()) {
                p.details(c.design() + " — " + c.check() + ": " + c.verdict(), trim(c.trace(), TRACE_LINES));
            }
        }
    }

    private static void workloads(Page p, List<ResultsDoc> docs) {
        List<ResultsDoc.Workload> all = new ArrayList<>();
        docs.forEach(d -> all.addAll(list(d.workloads())));
        if (all.isEmpty()) {
            return;
        }
        p.heading("Workloads");
        List<List<String>> rows = new ArrayList<>();
        for (ResultsDoc.Workload w : all) {
            String hist = String.join(", ", list(w.histories()).stream().map(h -> h.spec() + " " + h.verdict())
                    .toList());
            boolean clean = w.violations() == 0 && list(w.leaks()).isEmpty() && list(w.faults()).isEmpty()
                    && list(w.histories()).stream().allMatch(h -> "OK".equals(h.verdict()));
            rows.add(List.of(nz(w.design()), nz(w.backend()), Integer.toString(w.threads()),
                    Integer.toString(w.steps()), String.format(Locale.ROOT, "%,.0f", w.opsPerSecond()),
                    Long.toString(w.violations()), Integer.toString(list(w.leaks()).size()), hist,
                    clean ? "OK" : "FAILED"));
        }
        p.table(List.of("design", "backend", "threads", "steps", "ops/s", "violations", "leaks", "histories",
                "verdict"), rows);
        for (ResultsDoc.Workload w : all) {
            List<String> problems = new ArrayList<>();
            list(w.violationTexts()).forEach(v -> problems.add("violation: " + v));
            list(w.faults()).forEach(f -> problems.add("fault: " + f));
            list(w.leaks()).forEach(l -> problems.add("leak: " + l));
            for (ResultsDoc.HistoryVerdict h : list(w.histories())) {
                if (h.window() != null) {
                    problems.add("history " + h.spec() + " (" + h.file() + "):\n" + h.window());
                }
            }
            if (!problems.isEmpty()) {
                p.details(w.design() + " at " + w.threads() + " threads", trim(String.join("\n", problems),
                        TRACE_LINES));
            }
        }
    }

    private static void catalog(Page p, List<ResultsDoc> docs) {
        List<ResultsDoc.Seeded> all = new ArrayList<>();
        docs.forEach(d -> all.addAll(list(d.catalog())));
        if (all.isEmpty()) {
            return;
        }
        p.heading("Seeded-bug detection");
        p.paragraph("Only a check that FAILED a variant caught it; a TIMEOUT is no verdict, an ERROR a harness "
                + "defect.");
        List<List<String>> rows = new ArrayList<>();
        int caughtCount = 0;
        for (ResultsDoc.Seeded s : all) {
            List<String> caught = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            List<String> open = new ArrayList<>();
            for (ResultsDoc.Check c : list(s.checks())) {
                switch (nz(c.verdict())) {
                    case "FAIL" -> caught.add(c.check());
                    case "PASS" -> missed.add(c.check());
                    default -> open.add(c.check() + " " + c.verdict());
                }
            }
            caughtCount += caught.isEmpty() ? 0 : 1;
            rows.add(List.of(nz(s.variant()), nz(s.operator()), nz(s.invariant()),
                    caught.isEmpty() ? "MISSED" : String.join(", ", caught), String.join(", ", missed),
                    String.join(", ", open), nz(s.jcstressControl())));
        }
        p.table(List.of("variant", "operator", "invariant", "caught by", "not caught by", "no verdict",
                "jcstress control"), rows);
        p.paragraph(caughtCount + " of " + all.size() + " seeded variants caught by a check of this run.");
    }

    private static void stress(Page p, List<ResultsDoc> docs, List<Link> links, Path dir) {
        List<ResultsDoc.Stress> all = docs.stream().map(ResultsDoc::stress).filter(s -> s != null).toList();
        if (all.isEmpty() && links.isEmpty()) {
            return;
        }
        p.heading("jcstress");
        for (ResultsDoc.Stress s : all) {
            List<List<String>> rows = new ArrayList<>();
            for (ResultsDoc.StressTest t : list(s.tests())) {
                rows.add(List.of(t.test().replaceFirst("^org\\.mpsharness\\.stress\\.", ""), nz(t.kind()),
                        nz(t.verdict()), Long.toString(t.samples()), Long.toString(t.forbidden()),
                        nz(t.forbiddenSeen())));
            }
            if (!rows.isEmpty()) {
                p.table(List.of("test", "kind", "verdict", "samples", "forbidden", "forbidden outcomes seen"), rows);
            }
            if (!list(s.failures()).isEmpty()) {
                p.details("failures (mode " + s.mode() + ")", String.join("\n", s.failures()));
            }
            for (String page : list(s.resultsPages())) {
                p.link("jcstress's own results: " + page, href(dir, page));
            }
        }
        for (Link l : links) {
            p.link(l.text(), href(dir, l.href()));
        }
    }

    /** A link relative to the report when the target is a local file, as given otherwise. */
    private static String href(Path dir, String target) {
        if (target.contains("://")) {
            return target;
        }
        try {
            return dir.toAbsolutePath().normalize().relativize(Path.of(target).toAbsolutePath().normalize())
                    .toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return Path.of(target).toAbsolutePath().toUri().toString();
        }
    }

    static String trim(String text, int lines) {
        List<String> all = text.lines().toList();
        if (all.size() <= lines) {
            return text;
        }
        return String.join("\n", all.subList(0, lines)) + "\n... (" + (all.size() - lines)
                + " more lines in the JSON)";
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String shortCommit(String c) {
        return c == null ? "" : c.matches("[0-9a-f]{40}.*") ? c.substring(0, 12) + c.substring(40) : c;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
