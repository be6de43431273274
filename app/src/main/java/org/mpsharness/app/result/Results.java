package org.mpsharness.app.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.bench.json.RunMetadata;

/**
 * The results document of one command as it runs: sections grow as checks, workloads and points finish, and with
 * {@code --json FILE} the file is rewritten after each (atomically: a temporary file moved into place), so that a run
 * cut short — Ctrl-C, a kill, a lost machine — leaves what it measured. {@link #seal} freezes the document: after an
 * interrupt nothing the dying command still reports (a check JVM killed by the interrupt looks like a crash) gets in.
 */
public final class Results {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS) // as JMH does: "NaN" where there is no error bar
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final String kind;
    private final RunMetadata meta;
    private final Path file;
    private final long started = System.nanoTime();
    private final List<ResultsDoc.Check> checks = new ArrayList<>();
    private final List<ResultsDoc.Workload> workloads = new ArrayList<>();
    private final List<ResultsDoc.Benchmark> benchmarks = new ArrayList<>();
    private final List<ResultsDoc.HistoryVerdict> histories = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ResultsDoc.Stress stress;
    private String status;
    private Integer exitCode;
    private boolean sealed;
    private IOException writeFailure;

    /**
     * @param kind  the command (run, check, ...)
     * @param words the command line, for the document and a rerun
     * @param file  where {@code --json} goes, or null
     */
    public Results(String kind, List<String> words, Path file) {
        this.kind = kind;
        this.meta = RunMetadata.capture(RunMetadata.commandLine(words), "");
        this.file = file;
    }

    public String kind() {
        return kind;
    }

    /** Where {@code --json} goes, or null. */
    public Path file() {
        return file;
    }

    public synchronized void check(ResultsDoc.Check c) {
        if (!sealed) {
            checks.add(c);
            save();
        }
    }

    public synchronized void workload(ResultsDoc.Workload w) {
        if (!sealed) {
            workloads.add(w);
            save();
        }
    }

    public synchronized void benchmark(ResultsDoc.Benchmark b) {
        if (!sealed) {
            benchmarks.add(b);
            save();
        }
    }

    public synchronized void history(ResultsDoc.HistoryVerdict h) {
        if (!sealed) {
            histories.add(h);
            save();
        }
    }

    public synchronized void stress(ResultsDoc.Stress s) {
        if (!sealed) {
            stress = s;
            save();
        }
    }

    public synchronized void note(String text) {
        if (!sealed) {
            notes.add(text);
        }
    }

    /** Ends the document with its status and exit code and freezes it; later calls change nothing. */
    public synchronized void seal(String status, int exitCode) {
        if (!sealed) {
            this.status = status;
            this.exitCode = exitCode;
            sealed = true;
            save();
        }
    }

    public synchronized boolean sealed() {
        return sealed;
    }

    public synchronized ResultsDoc snapshot() {
        RunMetadata.Machine m = meta.machine();
        return new ResultsDoc(ResultsDoc.SCHEMA, kind, meta.command(), meta.date(), meta.commit(), meta.label(),
                new ResultsDoc.Machine(m.os(), m.cpu(), m.cores(), m.gpu()), meta.jvm(),
                status == null ? "running" : status, exitCode, (System.nanoTime() - started) / 1e9,
                List.copyOf(checks), List.copyOf(workloads), List.copyOf(benchmarks), stress, List.of(),
                List.copyOf(histories), List.copyOf(notes));
    }

    /** The first failure to write {@code --json}, or null. */
    public synchronized IOException writeFailure() {
        return writeFailure;
    }

    private void save() {
        if (file != null) {
            try {
                write(snapshot(), file);
            } catch (IOException e) {
                writeFailure = writeFailure == null ? e : writeFailure;
            }
        }
    }

    /** Writes {@code doc} to {@code file} through a temporary file beside it, so a reader never sees half a file. */
    public static void write(ResultsDoc doc, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a results document.
     *
     * @throws IOException when the file is unreadable, not JSON or of another schema (the message names the file)
     */
    public static ResultsDoc read(Path file) throws IOException {
        ResultsDoc d;
        try {
            d = JSON.readValue(file.toFile(), ResultsDoc.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a results document: " + e.getOriginalMessage());
        }
        if (d == null || !ResultsDoc.SCHEMA.equals(d.schema())) {
            throw new IOException(file + ": not a results document (schema " + (d == null ? null : d.schema())
                    + ", expected " + ResultsDoc.SCHEMA + ")");
        }
        return d;
    }

    /** True when {@code file} is JSON whose top level names this schema (a cheap sniff before {@link #read}). */
    public static boolean isResultsDoc(Path file) {
        try {
            var node = JSON.readTree(file.toFile());
            return node != null && node.isObject() && ResultsDoc.SCHEMA.equals(node.path("schema").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
