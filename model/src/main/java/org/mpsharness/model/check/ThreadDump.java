package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thread dump of a check that ran out of time, cut down to what explains a hang: the threads that run code other
 * than the JDK's own service threads, and in each the frames where it waits plus the frames of non-JDK code (the
 * design, the harness, Lincheck). Threads that are in the design's code come first.
 *
 * <p>Why filtered: a check's JVM holds dozens of threads (Lincheck's pools, the JIT's, the GC's), and a full dump of
 * a Lincheck run is thousands of lines, while the question is only "where is the design stuck".
 */
public final class ThreadDump {
    /** JVM service threads that never explain a hang of the design. */
    private static final Set<String> SERVICE = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "process reaper");
    /** Frames kept from the top of each stack whatever their class: where the thread blocks or spins. */
    private static final int TOP_FRAMES = 3;
    /** At most this many frames per thread. */
    private static final int MAX_FRAMES = 14;
    /** At most this many threads. */
    private static final int MAX_THREADS = 24;

    private ThreadDump() {
    }

    /**
     * The dump of every live thread but {@code self} (the watchdog) and the JVM's service threads.
     *
     * @param designPrefix the design's class name (its nested classes too); frames of it are marked with {@code *}
     */
    public static String of(Thread self, String designPrefix) {
        return format(Thread.getAllStackTraces(), self, designPrefix);
    }

    static String format(Map<Thread, StackTraceElement[]> all, Thread self, String designPrefix) {
        List<Map.Entry<Thread, StackTraceElement[]>> threads = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : all.entrySet()) {
            if (e.getKey() != self && !SERVICE.contains(e.getKey().getName()) && e.getValue().length > 0) {
                threads.add(e);
            }
        }
        threads.sort(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> e) -> !inDesign(e.getValue(),
                designPrefix)).thenComparing(e -> e.getKey().getName()));
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : threads) {
            if (shown++ == MAX_THREADS) {
                sb.append("... ").append(threads.size() - MAX_THREADS).append(" more threads\n");
                break;
            }
            Thread t = e.getKey();
            sb.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            StackTraceElement[] st = e.getValue();
            int kept = 0;
            int skipped = 0;
            for (int i = 0; i < st.length && kept < MAX_FRAMES; i++) {
                String cls = st[i].getClassName();
                if (i < TOP_FRAMES || !isJdk(cls)) {
                    if (skipped > 1) {
                        sb.append("\t  ... ").append(skipped - 1).append(" JDK frames\n");
                    }
                    if (skipped > 0) { // the JDK method the code called: what it waits in
                        sb.append("\t  at ").append(frame(st[i - 1])).append('\n');
                        kept++;
                    }
                    skipped = 0;
                    sb.append(isDesign(cls, designPrefix) ? "\t* at " : "\t  at ").append(frame(st[i])).append('\n');
                    kept++;
                } else {
                    skipped++;
                }
            }
            if (kept == MAX_FRAMES && st.length > kept + skipped) {
                sb.append("\t  ...\n");
            }
        }
        return sb.toString();
    }

    /** {@code class.method(File.java:line)}, without the class loader and module prefixes of the JDK's format. */
    static String frame(StackTraceElement e) {
        String where = e.isNativeMethod() ? "Native Method" : e.getFileName() == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    private static boolean inDesign(StackTraceElement[] st, String designPrefix) {
        for (StackTraceElement f : st) {
            if (isDesign(f.getClassName(), designPrefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDesign(String cls, String designPrefix) {
        return designPrefix != null && (cls.equals(designPrefix) || cls.startsWith(designPrefix + "$"));
    }

    private static boolean isJdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.")
                || cls.startsWith("com.sun.");
    }
}
