package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/**
 * Reads a history file line by line, counting lines, so that every reader reports problems (including bytes that are
 * not UTF-8) as {@code FILE:LINE}.
 */
final class Lines {
    private final String source;
    private final BufferedReader in;
    private long number;

    Lines(String source, BufferedReader in) {
        this.source = source;
        this.in = in;
    }

    /** The next line, or {@code null} at the end. */
    String next() throws IOException, HistoryFormatException {
        try {
            String line = in.readLine();
            if (line != null) {
                number++;
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new HistoryFormatException(source, number + 1, "not valid UTF-8 text");
        }
    }

    /** The number of the line last returned (1-based). */
    long number() {
        return number;
    }

    String source() {
        return source;
    }

    HistoryFormatException error(String problem) {
        return new HistoryFormatException(source, number, problem);
    }
}
