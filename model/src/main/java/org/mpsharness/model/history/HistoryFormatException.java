package org.mpsharness.model.history;

/**
 * A history file that cannot be read, or decided, as a history. The message is one line, {@code FILE:LINE: what is
 * wrong} ({@code FILE: what is wrong} when it concerns the whole file), so that a command line can print it as it is
 * and a person can go straight to the spot.
 */
public final class HistoryFormatException extends Exception {
    private final String source;
    private final long line;
    private final String problem;

    public HistoryFormatException(String source, long line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + oneLine(problem));
        this.source = source;
        this.line = line;
        this.problem = oneLine(problem);
    }

    public String source() {
        return source;
    }

    /** A problem of the whole file rather than of one line, such as having no operations at all. */
    public HistoryFormatException(String source, String problem) {
        this(source, 0, problem);
    }

    /** The 1-based line, or 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
