package org.mpsharness.stress.runner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The verdict over all stages of a run. It passes only if at least one test ran, no test that was selected failed to
 * run, no correct design showed a forbidden outcome, and every negative control showed its forbidden outcome.
 *
 * <p>Why "at least one test ran" is a rule of its own: jcstress exits 0 when it could not schedule any test (a test
 * with more actors than CPUs is silently skipped), so an exit code alone would let a broken setup pass.
 */
public final class StressReport {
    private final List<TestOutcome> tests = new ArrayList<>();
    private final Set<String> missing = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> timings = new ArrayList<>();
    private static final java.util.Map<TestKind, String> KIND_NAMES = java.util.Map.of(TestKind.CORRECT, "correct",
            TestKind.CONTROL, "control", TestKind.WEAK_HARDWARE, "weak-hw", TestKind.KNOWN_BUG, "knownbug");

    void add(List<TestOutcome> outcomes) {
        tests.addAll(outcomes);
    }

    void missing(String test) {
        missing.add(test);
    }

    void problem(String text) {
        problems.add(text);
    }

    void timing(String text) {
        timings.add(text);
    }

    public List<TestOutcome> tests() {
        return List.copyOf(tests);
    }

    public Set<String> missing() {
        return Set.copyOf(missing);
    }

    /** Everything that makes the run fail, one line each (empty when it passed). */
    public List<String> failures() {
        List<String> f = new ArrayList<>(problems);
        if (tests.isEmpty()) {
            f.add("no jcstress test ran (jcstress exits 0 when it cannot schedule a test: check actors vs CPUs)");
        }
        for (String m : missing) {
            f.add(m + ": selected but did not run");
        }
        for (TestOutcome t : tests) {
            if (t.passed()) {
                continue;
            }
            if (t.errored()) {
                f.add(t.name() + ": jcstress status " + t.status());
            } else if (t.kind() == TestKind.CONTROL) {
                f.add(t.name() + ": control NOT caught (no forbidden outcome in " + t.totalSamples() + " samples)");
            } else if (t.totalSamples() == 0) {
                f.add(t.name() + ": no samples");
            } else {
                f.add(t.name() + ": FORBIDDEN outcome on a correct design: " + t.forbiddenSummary());
            }
        }
        return f;
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    /** 0 passed, 1 failed (the harness's exit codes). */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /** The summary table, one line per test, then failures and timings. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %-9s %12s %10s  %s%n", "KIND", "VERDICT", "SAMPLES", "FORBIDDEN",
                "TEST (forbidden outcomes seen)"));
        for (TestOutcome t : tests) {
            String kind = KIND_NAMES.get(t.kind());
            String verdict;
            if (t.kind() == TestKind.CONTROL) {
                verdict = t.passed() ? "caught" : "MISSED";
            } else if (t.kind() == TestKind.CORRECT) {
                verdict = t.passed() ? "ok" : "FAILED";
            } else {
                verdict = t.forbiddenSamples() > 0 ? "seen" : "not seen";
            }
            String name = t.name().replaceFirst("^org\\.mpsharness\\.stress\\.", "");
            String seen = t.forbiddenSummary();
            sb.append(String.format(Locale.ROOT, "%-8s %-9s %12d %10d  %s%s%n", kind, verdict, t.totalSamples(),
                    t.forbiddenSamples(), name, seen.isEmpty() ? "" : "  " + seen));
        }
        for (String m : missing) {
            sb.append(String.format(Locale.ROOT, "%-8s %-9s %12s %10s  %s%n", "?", "NOT RUN", "-", "-", m));
        }
        long correct = tests.stream().filter(t -> t.kind() == TestKind.CORRECT).count();
        long controls = tests.stream().filter(t -> t.kind() == TestKind.CONTROL).count();
        long caught = tests.stream().filter(t -> t.kind() == TestKind.CONTROL && t.passed()).count();
        long weak = tests.stream().filter(t -> t.kind() == TestKind.WEAK_HARDWARE).count();
        sb.append(String.format(Locale.ROOT,
                "%d tests ran: %d correct, %d controls (%d caught), %d weak-hardware, %d known production bugs%n",
                tests.size(), correct, controls, caught, weak, tests.size() - correct - controls - weak));
        for (String t : timings) {
            sb.append(t).append(System.lineSeparator());
        }
        List<String> f = failures();
        sb.append(f.isEmpty() ? "PASSED" : "FAILED:").append(System.lineSeparator());
        for (String line : f) {
            sb.append("  ").append(line).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
