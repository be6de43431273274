package org.mpsharness.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mpsharness.app.report.Report;
import org.mpsharness.app.result.Results;
import org.mpsharness.app.result.ResultsDoc;
import org.mpsharness.bench.json.ResultFiles;
import org.mpsharness.bench.json.ResultRow;
import org.mpsharness.bench.json.RunMetadata;
import picocli.CommandLine;

/**
 * {@code ./harness report --results DIR [--out DIR]}: the report ({@link Report}) of every results document under
 * {@code --results} — those {@code --json} and {@code --report} wrote, and bench's JMH-shaped files with their
 * metadata — with the seeded-bug table of a catalog run and links to jcstress's own pages where they are found.
 */
@CommandLine.Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The report (index.html, summary.md, SVG charts) of the results documents under a folder.")
final class ReportCommand implements Callable<Integer> {
    private final Harness h;

    @CommandLine.Option(names = "--results", required = true, paramLabel = "DIR",
            description = "a folder of results: --json files, --report folders, bench's JSON with its .meta.json")
    Path results;
    @CommandLine.Option(names = "--out", paramLabel = "DIR", description = "where the report goes "
            + "(default: DIR/report)")
    Path out;
    @CommandLine.Option(names = "--catalog", paramLabel = "FILE", description = "the catalog run's JSON "
            + "(default: model/target/catalog.json when present)")
    Path catalog;
    @CommandLine.Option(names = "--jcstress", paramLabel = "DIR", description = "jcstress's results pages, "
            + "repeatable (default: stress/target/jcstress-results and stress/target/harness-stress when present)")
    List<Path> jcstress = new ArrayList<>();

    ReportCommand(Harness h) {
        this.h = h;
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(results)) {
            throw new UsageException("no results folder at " + results);
        }
        Path dir = out != null ? out : results.resolve("report");
        Session.Writable.dir(dir, "--out");
        List<ResultsDoc> docs = load(results, dir);
        Path cat = catalog != null ? catalog : Path.of("model/target/catalog.json");
        if (catalog != null && !Files.isRegularFile(catalog)) {
            throw new UsageException("--catalog: no such file: " + catalog);
        }
        if (Files.isRegularFile(cat) && !inside(cat, results)) { // under --results it is read already
            docs.add(read(cat));
        }
        if (docs.isEmpty()) {
            throw new UsageException("no results under " + results + " (expected --json files, a --report folder's "
                    + "results.json, or bench's JSON with its .meta.json)");
        }
        List<Report.Link> links = new ArrayList<>();
        List<Path> pages = jcstress.isEmpty() ? List.of(Path.of("stress/target/jcstress-results"),
                Path.of("stress/target/harness-stress")) : jcstress;
        for (Path p : pages) {
            if (!jcstress.isEmpty() && !Files.isDirectory(p)) {
                throw new UsageException("--jcstress: no such folder: " + p);
            }
            for (Path index : indexPages(p)) {
                links.add(new Report.Link("jcstress's own results: " + index, index.toString()));
            }
        }
        try {
            Report.write(docs, links, dir);
        } catch (IOException e) {
            throw new UsageException("cannot write the report into " + dir + ": " + e.getMessage());
        }
        h.out.println("report of " + docs.size() + " result file(s): " + dir.resolve("index.html") + " and "
                + dir.resolve("summary.md"));
        return Command.OK;
    }

    private static ResultsDoc read(Path f) {
        try {
            return Results.read(f);
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Every results document under {@code root} (the report's own folder left out), in path order. */
    static List<ResultsDoc> load(Path root, Path reportDir) {
        List<ResultsDoc> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root, 4)) {
            files = s.filter(f -> f.toString().endsWith(".json") && !f.toString().endsWith(".meta.json"))
                    .filter(f -> !inside(f, reportDir) || inside(root, reportDir))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UsageException("cannot read " + root + ": " + e.getMessage());
        }
        for (Path f : files) {
            if (Results.isResultsDoc(f)) {
                docs.add(read(f));
            } else if (Files.isRegularFile(ResultFiles.metaPath(f))) {
                docs.add(bench(f));
            }
        }
        return docs;
    }

    private static boolean inside(Path p, Path dir) {
        return p.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }

    /** Bench's JMH-shaped file and its metadata as one results document. */
    private static ResultsDoc bench(Path f) {
        try {
            RunMetadata m = ResultFiles.readMeta(f);
            List<ResultsDoc.Benchmark> points = new ArrayList<>();
            for (ResultRow r : ResultFiles.read(f)) {
                List<Double> raw = new ArrayList<>();
                r.rawData().forEach(raw::addAll);
                points.add(new ResultsDoc.Benchmark(r.shortName(), r.design(), r.threads(), r.score(),
                        r.scoreError(), r.scoreUnit(), raw, r.leaks()));
            }
            return new ResultsDoc(ResultsDoc.SCHEMA, "bench", m.command(), m.date(), m.commit(), m.label(),
                    new ResultsDoc.Machine(m.machine().os(), m.machine().cpu(), m.machine().cores(),
                            m.machine().gpu()), m.jvm(), ResultsDoc.COMPLETE, null, null, List.of(), List.of(),
                    points, null, List.of(), List.of(), List.of(f.toString()));
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static List<Path> indexPages(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(p -> p.getFileName().toString().equals("index.html")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
