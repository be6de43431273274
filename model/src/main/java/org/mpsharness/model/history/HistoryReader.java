package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
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

    /**
     * Reads a UTF-8 file. The bytes are decoded up front so that bytes which are not UTF-8 are reported on their own
     * line (a buffered decoder would fail while reading ahead, on an earlier line).
     */
    default History read(Path file) throws IOException, HistoryFormatException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            long line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new HistoryFormatException(file.toString(), line, "not valid UTF-8 text");
        }
        decoder.flush(out);
        out.flip();
        return read(file.toString(), new BufferedReader(new StringReader(out.toString())));
    }
}
