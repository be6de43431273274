package org.mpsharness.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of {@code bench alloc} cut down to what explains a hot path, as a small text file: a recording is
 * megabytes and the GPU host sends back little, so the summary is made there. Sections: CPU samples by top frame
 * (self) and by any frame (inclusive), allocation samples by class with the allocating frame, monitor enters and
 * thread parks by class with where they happened and how long they took (lock and contention evidence).
 *
 * <pre>java -cp ... org.mpsharness.bench.JfrSummary RECORDING.jfr [TOP]</pre>
 */
public final class JfrSummary {
    private JfrSummary() {
    }

    /** The command line of {@link #main}: picocli, with {@code --help}; a usage error is one line and exit 2. */
    @picocli.CommandLine.Command(name = "JfrSummary", mixinStandardHelpOptions = true,
            description = "A JFR recording cut down to top frames, allocation, monitor and park evidence.")
    static final class Args {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "RECORDING.jfr", description = "a recording file")
        Path recording;
        @picocli.CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "TOP", description = "rows per "
                + "section, 1..1000 (default: 25)")
        int top = 25;
    }

    public static void main(String[] args) throws IOException {
        Args a = new Args();
        picocli.CommandLine cl = new picocli.CommandLine(a);
        try {
            if (picocli.CommandLine.printHelpIfRequested(cl.parseArgs(args))) {
                System.exit(0);
            }
            if (!Files.isRegularFile(a.recording) || a.top < 1 || a.top > 1000) {
                throw new picocli.CommandLine.ParameterException(cl, "needs a readable recording file and TOP in "
                        + "1..1000 (got " + a.recording + ", " + a.top + ")");
            }
        } catch (picocli.CommandLine.ParameterException e) {
            System.err.println("JfrSummary: " + e.getMessage().lines().findFirst().orElse("") + " (try: --help)");
            System.exit(2);
        }
        summarize(a.recording, a.top, System.out);
    }

    /** Counts and weights per key; printed largest first. */
    private static final class Tally {
        final Map<String, long[]> m = new HashMap<>(); // key -> {count, weight}
        long total;

        void add(String key, long weight) {
            long[] v = m.computeIfAbsent(key, k -> new long[2]);
            v[0]++;
            v[1] += weight;
            total += weight;
        }

        void print(PrintStream out, String title, String unit, int top) {
            out.printf("%n== %s (total %,d %s)%n", title, total, unit);
            m.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(top)
                    .forEach(e -> out.printf("%6.2f%%  %,14d %s  %,8d events  %s%n",
                            total == 0 ? 0.0 : 100.0 * e.getValue()[1] / total, e.getValue()[1], unit,
                            e.getValue()[0], e.getKey()));
        }
    }

    public static void summarize(Path jfr, int top, PrintStream out) throws IOException {
        Tally self = new Tally();
        Tally inclusive = new Tally();
        Tally alloc = new Tally();
        Tally monitors = new Tally();
        Tally parks = new Tally();
        Map<String, Long> counts = new HashMap<>();
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String type = e.getEventType().getName();
                counts.merge(type, 1L, Long::sum);
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        List<RecordedFrame> frames = frames(e.getStackTrace());
                        if (!frames.isEmpty()) {
                            self.add(frame(frames.get(0)), 1);
                            Set<String> seen = new HashSet<>();
                            for (RecordedFrame fr : frames) {
                                String k = method(fr);
                                if (seen.add(k)) {
                                    inclusive.add(k, 1);
                                }
                            }
                        }
                    }
                    case "jdk.ObjectAllocationSample" -> alloc.add(className(e, "objectClass") + "  at "
                            + firstFrame(e), e.getLong("weight"));
                    case "jdk.JavaMonitorEnter" -> monitors.add(className(e, "monitorClass") + "  at "
                            + firstFrame(e), e.getDuration().toNanos());
                    case "jdk.ThreadPark" -> parks.add(className(e, "parkedClass") + "  at " + firstFrame(e),
                            e.getDuration().toNanos());
                    default -> {
                    }
                }
            }
        }
        out.println("JFR summary of " + jfr.getFileName() + ": events " + new java.util.TreeMap<>(counts));
        self.print(out, "CPU samples by top frame (self)", "samples", top);
        inclusive.print(out, "CPU samples by method anywhere on the stack (inclusive)", "samples", top);
        alloc.print(out, "allocation samples by class and allocating frame", "bytes (weight)", top);
        monitors.print(out, "monitor enters (blocked on synchronized) by class and frame", "ns", top);
        parks.print(out, "thread parks (j.u.c. locks, waits) by class and frame", "ns", top);
    }

    private static List<RecordedFrame> frames(RecordedStackTrace st) {
        return st == null ? List.of() : st.getFrames();
    }

    private static String firstFrame(RecordedEvent e) {
        List<RecordedFrame> fs = frames(e.getStackTrace());
        for (RecordedFrame fr : fs) {
            String m = method(fr);
            if (!m.startsWith("java.") && !m.startsWith("jdk.") && !m.startsWith("sun.")) {
                return frame(fr); // the first frame of ours (or of a library), not the JDK's lock internals
            }
        }
        return fs.isEmpty() ? "(no stack)" : frame(fs.get(0));
    }

    private static String method(RecordedFrame fr) {
        return fr.getMethod().getType().getName() + "." + fr.getMethod().getName();
    }

    private static String frame(RecordedFrame fr) {
        return method(fr) + (fr.getLineNumber() > 0 ? ":" + fr.getLineNumber() : "") + " [" + fr.getType() + "]";
    }

    private static String className(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return "?";
        }
        RecordedClass c = e.getValue(field);
        return c == null ? "?" : c.getName();
    }
}
