package org.mpsharness.app.result;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One results document: what every {@code --json FILE} of {@code ./harness} holds, whatever the command (schema in
 * docs/results-format.md). Why one shape for all: the report ({@code ./harness report}) and the plots read every kind
 * of run through one reader, and a field means the same wherever it appears. Sections a command does not fill are left
 * out of the file.
 *
 * @param schema   {@value #SCHEMA}: readers refuse another
 * @param kind     the command that wrote it: run, check, stress, oom, history, bench-alloc, bench-jmh, catalog
 * @param command  the command line, shell-quoted
 * @param date     UTC start, ISO-8601
 * @param status   complete, or interrupted (partial: what finished before Ctrl-C)
 * @param exitCode the command's exit code (130 when interrupted)
 * @param seconds  wall time of the command
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultsDoc(String schema, String kind, String command, String date, String commit, String label,
                         Machine machine, String jvm, String status, Integer exitCode, Double seconds,
                         List<Check> checks, List<Workload> workloads, List<Benchmark> benchmarks, Stress stress,
                         List<Seeded> catalog, List<HistoryVerdict> histories, List<String> notes) {
    public static final String SCHEMA = "mps-harness-results/1";

    /** Sections left out of a file read back as empty, never null. */
    public ResultsDoc {
        checks = orEmpty(checks);
        workloads = orEmpty(workloads);
        benchmarks = orEmpty(benchmarks);
        catalog = orEmpty(catalog);
        histories = orEmpty(histories);
        notes = orEmpty(notes);
    }

    static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
    public static final String COMPLETE = "complete";
    public static final String INTERRUPTED = "interrupted";

    /** The host: operating system, CPU model, cores the JVM saw, GPUs (empty when none). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Machine(String os, String cpu, int cores, String gpu) {
    }

    /**
     * One check's verdict on one design.
     *
     * @param verdict PASS, FAIL, TIMEOUT or ERROR
     * @param trace   the counterexample (Lincheck interleaving, history window, failing step) or the thread dump
     * @param seed    the seed the check ran with, where it has one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Check(String design, String component, String check, String verdict, double seconds, String trace,
                        Long seed) {
    }

    /** One workload run of one design: its summary, what went wrong, and its recorded histories' verdicts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Workload(String design, String parts, String backend, String device, int threads, int steps,
                           long seed, long ops, double seconds, double opsPerSecond, long violations,
                           List<String> violationTexts, List<String> faults, List<String> leaks,
                           List<HistoryVerdict> histories) {
        public Workload {
            violationTexts = orEmpty(violationTexts);
            faults = orEmpty(faults);
            leaks = orEmpty(leaks);
            histories = orEmpty(histories);
        }
    }

    /**
     * One benchmark point: a benchmark (short name {@code Class.method}), a design, a thread count and its score.
     *
     * @param scoreError NaN where there is no interval (written as the string "NaN", as JMH does)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Benchmark(String benchmark, String design, int threads, double score, double scoreError,
                            String unit, List<Double> rawData, List<String> leaks) {
    }

    /** A jcstress run: its tests and what failed, with jcstress's own HTML pages. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stress(String mode, String jar, List<StressTest> tests, List<String> failures,
                         List<String> resultsPages) {
    }

    /**
     * One jcstress test.
     *
     * @param kind    correct, control, weak-hw or knownbug
     * @param verdict ok, FAILED, caught, MISSED, seen, not seen
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StressTest(String test, String kind, String verdict, long samples, long forbidden,
                             String forbiddenSeen) {
    }

    /** A seeded bug of the catalog and the verdicts of the checks that ran on it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Seeded(String variant, String operator, String invariant, String jcstressControl,
                         List<Check> checks) {
    }

    /**
     * A history's verdict.
     *
     * @param verdict OK, VIOLATION or UNKNOWN
     * @param window  the failing window for a violation (trimmed)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HistoryVerdict(String file, String spec, String verdict, long operations, String window) {
    }
}
