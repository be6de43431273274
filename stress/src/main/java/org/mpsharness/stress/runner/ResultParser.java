package org.mpsharness.stress.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the console output of a verbose ({@code -v}) jcstress 0.16 run: the "RUN RESULTS:" section lists every test
 * that ran with its status and its outcome table across all JVM configurations. Why the console and not the binary
 * result blob: the blob's format is internal to jcstress, while the console table is what people read and what the
 * samples document; a test missing from the section did not run.
 */
public final class ResultParser {
    private static final String SECTION = "RUN RESULTS:";
    private static final Pattern TEST = Pattern.compile("^\\.*\\s*\\[(\\w+)]\\s+([\\w.$]+)\\s*$");
    private static final Pattern ROW =
            Pattern.compile("^\\s*(\\S.*?)\\s+([\\d,]+)\\s+(<?[\\d.]+%)\\s+([A-Za-z_]+)(?:\\s+(.*))?$");
    private static final Pattern HEADER = Pattern.compile("^\\s*RESULT\\s+SAMPLES\\s+FREQ\\s+EXPECT.*");

    private ResultParser() {
    }

    /** The tests of the final section, in order; empty when jcstress printed no results (nothing ran). */
    public static List<TestOutcome> parse(String output) {
        List<TestOutcome> tests = new ArrayList<>();
        int at = output.lastIndexOf(SECTION);
        if (at < 0) {
            return tests;
        }
        String name = null;
        String status = null;
        List<TestOutcome.Row> rows = new ArrayList<>();
        for (String line : output.substring(at + SECTION.length()).split("\\R")) {
            Matcher t = TEST.matcher(line);
            if (t.matches()) {
                if (name != null) {
                    tests.add(new TestOutcome(name, status, List.copyOf(rows)));
                }
                status = t.group(1);
                name = t.group(2);
                rows.clear();
                continue;
            }
            if (name == null || HEADER.matcher(line).matches()) {
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (r.matches()) {
                String desc = r.group(5) == null ? "" : r.group(5).trim();
                rows.add(new TestOutcome.Row(r.group(1).trim(), Long.parseLong(r.group(2).replace(",", "")),
                        r.group(4), desc));
            }
        }
        if (name != null) {
            tests.add(new TestOutcome(name, status, List.copyOf(rows)));
        }
        return tests;
    }

    /** Test names printed by {@code -l}: fully qualified class names, one per line. */
    public static List<String> parseList(String output) {
        List<String> names = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String s = line.trim();
            if (s.matches("[A-Za-z_][\\w$]*(\\.[A-Za-z_][\\w$]*)+")) {
                names.add(s);
            }
        }
        return names;
    }
}
