package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one history format. Positions of the resulting operations are line numbers. */
public interface HistoryReader {

    /**
     * @param source the name used in messages (a file name)
     * @throws HistoryFormatException on malformed input, naming {@code source} and the line
     */
    History read(String source, BufferedReader in) throws IOException, HistoryFormatException;

    /** Reads a UTF-8 file. */
    default History read(Path file) throws IOException, HistoryFormatException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        }
    }
}
