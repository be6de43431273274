package org.mpsharness.app;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a long command: what runs now, how much of it is done, and an estimate of the time left.
 *
 * <p>On a terminal ({@link Mode#TTY}) it is one status line, redrawn in place on standard error, which the command's
 * own output (through {@link #clear}) never lands on; elsewhere ({@link Mode#PLAIN}: CI logs, a pipe) it is one plain
 * line per step, since a log cannot be redrawn. Why on standard error: standard output carries the results, which a
 * script may parse. The estimate is the mean time of the steps done so far times the steps left: no estimate before
 * the first step ends, because a guess would be noise.
 */
public final class Progress {
    /** How progress shows: auto picks tty when the JVM has a console, plain otherwise. */
    public enum Mode { AUTO, TTY, PLAIN, OFF }

    private final Mode mode;
    private final PrintStream sink;
    private final LongSupplier clock;
    private String phase = "";
    private String now = "";
    private int done;
    private int total;
    private long started;
    private boolean shown;

    /** A progress line for {@code mode} on {@code sink}; AUTO is resolved here. */
    public Progress(Mode mode, PrintStream sink) {
        this(mode == Mode.AUTO ? (System.console() != null ? Mode.TTY : Mode.PLAIN) : mode, sink, System::nanoTime);
    }

    Progress(Mode mode, PrintStream sink, LongSupplier clock) {
        this.mode = mode;
        this.sink = sink;
        this.clock = clock;
    }

    /** No progress at all. */
    public static Progress off() {
        return new Progress(Mode.OFF, System.err, System::nanoTime);
    }

    public Mode mode() {
        return mode;
    }

    /** Starts a phase of {@code total} steps (0: unknown). */
    public synchronized void start(String phase, int total) {
        this.phase = phase;
        this.total = total;
        this.done = 0;
        this.now = "";
        this.started = clock.getAsLong();
        show(true);
    }

    /** The step that runs now. */
    public synchronized void step(String what) {
        this.now = what;
        show(true);
    }

    /** One more step done. */
    public synchronized void advance() {
        done++;
        show(mode == Mode.TTY);
    }

    /** Adds steps to the total (work found on the way, e.g. checks rerun in a fresh JVM). */
    public synchronized void total(int total) {
        this.total = total;
    }

    /** Erases the status line (on a terminal), so that the command's output starts on a clean line. */
    public synchronized void clear() {
        if (mode == Mode.TTY && shown) {
            sink.print("\r\033[K");
            sink.flush();
            shown = false;
        }
    }

    /** The end of the phase: the status line goes away. */
    public synchronized void finish() {
        clear();
        now = "";
    }

    /** The text of the line: {@code phase [done/total] now, elapsed, ETA}. */
    synchronized String line() {
        long elapsed = clock.getAsLong() - started;
        StringBuilder sb = new StringBuilder(phase);
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, " [%d/%d]", Math.min(done, total), total));
        } else if (done > 0) {
            sb.append(" [").append(done).append(']');
        }
        if (!now.isEmpty()) {
            sb.append(' ').append(now);
        }
        sb.append(", ").append(duration(elapsed)).append(" elapsed");
        if (total > 0 && done > 0 && done < total) {
            sb.append(", ETA ").append(duration(elapsed / done * (total - done)));
        }
        return sb.toString();
    }

    private void show(boolean plainToo) {
        switch (mode) {
            case TTY -> {
                sink.print("\r\033[K" + line());
                sink.flush();
                shown = true;
            }
            case PLAIN -> {
                if (plainToo) {
                    sink.println("progress: " + line());
                    sink.flush();
                }
            }
            default -> {
            }
        }
    }

    /** 75 s → "1m15s", 3,700 s → "1h01m". */
    static String duration(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
