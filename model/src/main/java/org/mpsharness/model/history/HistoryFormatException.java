package org.mpsharness.model.history;

/**
 * A history file that cannot be read as a history. The message is one line, {@code FILE:LINE: what is wrong}, so that a
 * command line can print it as it is and a person can go straight to the spot.
 */
public final class HistoryFormatException extends Exception {
    private final String source;
    private final long line;
    private final String problem;

    public HistoryFormatException(String source, long line, String problem) {
        super(source + ":" + line + ": " + oneLine(problem));
        this.source = source;
        this.line = line;
        this.problem = oneLine(problem);
    }

    public String source() {
        return source;
    }

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
