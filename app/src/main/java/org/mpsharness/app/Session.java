package org.mpsharness.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mpsharness.app.report.Report;
import org.mpsharness.app.result.Results;
import org.mpsharness.app.result.ResultsDoc;

/**
 * One command's run from start to exit: its results document, its progress line, and what happens on Ctrl-C.
 *
 * <p>Why a shutdown hook: SIGINT reaches the JVM as an orderly shutdown, which runs the hooks and then exits 130
 * (128 + SIGINT); the command's own threads are not told. The hook therefore does the stopping itself, in this order:
 * it seals the results (so that what the dying command still reports — a check JVM killed a moment ago looks like a
 * crash — never gets in), kills every process this JVM started and theirs (check JVMs, jcstress and its forks: they
 * would otherwise outlive the harness and keep the cores busy), then writes the partial results: the JSON (to
 * {@code --json}, or to harness-results/KIND-TIME.json when none was given) and the report when {@code --report} was
 * given, and says where on standard error. The workers die with the JVM when the hook returns.
 */
public final class Session implements AutoCloseable {
    private final String name;
    private final Results results;
    private final Path report;
    private final Progress progress;
    private final PrintStream err;
    private final Thread hook;
    private volatile boolean interrupted;
    private volatile boolean done;

    /**
     * Starts a command's session; an unwritable {@code --json} or {@code --report} is a usage error now, before any
     * work.
     *
     * @param name  the command as the user typed it ("check", "bench alloc")
     * @param words the whole command line, for the results
     */
    public Session(String name, List<String> words, Path json, Path report, Progress.Mode progress,
                   PrintStream err) {
        this.name = name;
        this.err = err;
        this.report = report;
        if (json != null) {
            Writable.file(json, "--json");
        }
        if (report != null) {
            Writable.dir(report, "--report");
        }
        this.results = new Results(name.replace(' ', '-'), words, json);
        if (json != null) {
            results.note("partial until status is complete");
            ensureWritten(json);
        }
        this.progress = new Progress(progress, err);
        this.hook = new Thread(this::onShutdown, "harness-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void ensureWritten(Path json) {
        try {
            Results.write(results.snapshot(), json);
        } catch (IOException e) {
            throw new UsageException("--json: cannot write " + json + ": " + e.getMessage());
        }
    }

    public Results results() {
        return results;
    }

    public Progress progress() {
        return progress;
    }

    /** True once Ctrl-C (or another shutdown) arrived: the command should stop reporting and return. */
    public boolean interrupted() {
        return interrupted;
    }

    /** Ends the session normally: seals and writes the results and the report; returns {@code code}. */
    public int finish(int code) {
        progress.finish();
        if (interrupted) {
            return Command.INTERRUPTED;
        }
        results.seal(ResultsDoc.COMPLETE, code);
        if (report != null) {
            writeReport();
            err.println("harness " + name + ": report in " + report.resolve("index.html"));
        }
        IOException failed = results.writeFailure();
        if (failed != null) {
            err.println("harness " + name + ": could not write " + results.file() + ": " + failed.getMessage());
        }
        return code;
    }

    private void writeReport() {
        try {
            ResultsDoc doc = results.snapshot();
            Results.write(doc, report.resolve("results.json"));
            Report.write(List.of(doc), List.of(), report);
        } catch (IOException | RuntimeException e) {
            err.println("harness " + name + ": could not write the report in " + report + ": " + e.getMessage());
        }
    }

    private void onShutdown() {
        if (done) {
            return;
        }
        interrupted = true;
        results.seal(ResultsDoc.INTERRUPTED, Command.INTERRUPTED);
        int killed = Children.stopAll();
        progress.clear();
        Path json = results.file();
        if (json == null) {
            json = Path.of("harness-results", results.kind() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        }
        try {
            Results.write(results.snapshot(), json);
        } catch (IOException e) {
            json = null;
        }
        if (report != null) {
            writeReport();
        }
        err.println("harness " + name + ": interrupted" + (killed > 0 ? ", " + killed + " child process(es) killed"
                : "") + "; partial results: " + (json == null ? "none (not writable)" : json)
                + (report == null ? "" : ", report: " + report.resolve("index.html")));
        err.flush();
    }

    /**
     * Kills every process started by this JVM, and theirs, until none is left (a parent killed first cannot start
     * another child); waits for each to end. Returns how many were killed.
     */
    static int killDescendants() {
        int killed = 0;
        for (int round = 0; round < 10; round++) {
            List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
            if (left.isEmpty()) {
                break;
            }
            for (ProcessHandle p : left) {
                if (p.destroyForcibly()) {
                    killed++;
                }
            }
            for (ProcessHandle p : left) {
                try {
                    p.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // still alive after 5 s: the next round tries again
                }
            }
        }
        return killed;
    }

    /** Removes the hook (the command returned): a later shutdown is not this command's interrupt. */
    @Override
    public void close() {
        done = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it did the work
        }
    }

    /** Output paths checked before any work: one line, exit 2, rather than a stack trace after an hour. */
    static final class Writable {
        private Writable() {
        }

        static void file(Path p, String option) {
            if (p.toString().isBlank()) {
                throw new UsageException(option + " needs a file name");
            }
            if (Files.isDirectory(p)) {
                throw new UsageException(option + ": " + p + " is a directory, not a file");
            }
            Path parent = p.toAbsolutePath().getParent();
            dir(parent, option);
        }

        static void dir(Path p, String option) {
            if (p.toString().isBlank()) {
                throw new UsageException(option + " needs a directory name (\"\" would mean the current one)");
            }
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UsageException(option + ": " + p + " is a file, not a directory");
            }
            try {
                Files.createDirectories(p);
            } catch (IOException | SecurityException e) {
                throw new UsageException(option + ": cannot create the directory " + p + " (" + e.getMessage() + ")");
            }
            try {
                // a real write: permission bits say nothing for root, nor for read-only mounts
                Files.delete(Files.createTempFile(p, ".harness-probe", ""));
            } catch (IOException | SecurityException e) {
                throw new UsageException(option + ": the directory " + p + " is not writable (" + e.getMessage()
                        + ")");
            }
        }
    }
}
