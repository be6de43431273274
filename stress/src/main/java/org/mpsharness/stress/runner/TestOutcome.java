package org.mpsharness.stress.runner;

import java.util.List;

/**
 * One test's results across all JVM configurations, as jcstress printed them.
 *
 * @param name     fully qualified test class
 * @param status   jcstress's verdict word: OK, FAILED, ERROR, ...
 * @param rows     the outcome table (observed results and declared outcomes, some with 0 samples)
 */
public record TestOutcome(String name, String status, List<Row> rows) {

    /**
     * One row of an outcome table.
     *
     * @param result  the observed result (or a declared outcome id)
     * @param samples how many times it was observed
     * @param expect  Acceptable, Forbidden, Interesting, ...
     */
    public record Row(String result, long samples, String expect, String description) {
        public boolean forbiddenSeen() {
            return samples > 0 && expect.equalsIgnoreCase("Forbidden");
        }
    }

    public TestKind kind() {
        return TestKind.of(name);
    }

    /** Samples of forbidden outcomes. */
    public long forbiddenSamples() {
        return rows.stream().filter(Row::forbiddenSeen).mapToLong(Row::samples).sum();
    }

    public long totalSamples() {
        return rows.stream().mapToLong(Row::samples).sum();
    }

    /** True when jcstress could not run the test to completion (an exception in an actor, a VM crash, ...). */
    public boolean errored() {
        return !status.equals("OK") && !status.equals("FAILED");
    }

    /** "result xN" for every forbidden outcome observed, for reports. */
    public String forbiddenSummary() {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            if (r.forbiddenSeen()) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append('"').append(r.result()).append("\" x").append(r.samples());
            }
        }
        return sb.toString();
    }

    /** Whether this test did what its kind requires. */
    public boolean passed() {
        switch (kind()) {
            case CONTROL:
                return !errored() && forbiddenSamples() > 0;
            case CORRECT:
                return !errored() && forbiddenSamples() == 0 && totalSamples() > 0;
            default:
                return true;
        }
    }
}
