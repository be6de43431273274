package org.mpsharness.model.history;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.model.lin.Values;

/**
 * A small strict JSON parser (RFC 8259) for one line of a history file; written here rather than taken from a library
 * to keep the model module free of dependencies and to get errors that say exactly what is wrong and at which column.
 *
 * <p>Values become: objects {@code Map<String,Object>} (unmodifiable, insertion order, duplicate keys rejected),
 * arrays {@code List<Object>} (unmodifiable), strings {@code String}, {@code true}/{@code false} {@code Boolean},
 * {@code null}, and numbers in their canonical form ({@link Values#canonical}): a number whose value is an integer is
 * a {@code Long} however it is spelt ({@code 1}, {@code 1.0}, {@code 1e0}), one beyond 64 bits is rejected, and any
 * other number is an exact {@code BigDecimal}.
 */
public final class JsonParser {
    private static final int MAX_DEPTH = 64;

    /** Malformed JSON; {@link #column()} is 1-based. */
    public static final class SyntaxException extends Exception {
        private final int column;

        SyntaxException(int column, String message) {
            super("column " + column + ": " + message);
            this.column = column;
        }

        public int column() {
            return column;
        }
    }

    private final String text;
    private int at;

    private JsonParser(String text) {
        this.text = text;
    }

    /** Parses one complete JSON value; anything but whitespace after it is an error. */
    public static Object parse(String text) throws SyntaxException {
        JsonParser p = new JsonParser(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.at < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the value");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (at >= text.length()) {
            throw error("unexpected end of line, expected a value");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describeHere() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        at++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key in object, found " + describeHere());
            }
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':', "after object key");
            skipSpace();
            Object v = value(depth + 1);
            if (map.containsKey(key)) {
                throw new SyntaxException(keyAt + 1, "duplicate key \"" + key + "\"");
            }
            map.put(key, v);
            skipSpace();
            char c = peek();
            at++;
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or '}' in object, found " + describeHere());
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxException {
        at++; // [
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            char c = peek();
            at++;
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or ']' in array, found " + describeHere());
            }
        }
    }

    private String string() throws SyntaxException {
        int start = at;
        at++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw new SyntaxException(start + 1, "string not closed before the end of the line");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in string (escape it)");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unfinished escape at the end of the line");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("\\u needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(at + i), 16);
                        if (d < 0) {
                            at += i;
                            throw error("\\u needs four hex digits, found " + describeHere());
                        }
                        code = code * 16 + d;
                    }
                    at += 4;
                    sb.append((char) code);
                }
                default -> {
                    at--;
                    throw error("invalid escape '\\" + e + "' in string");
                }
            }
        }
    }

    private Object number() throws SyntaxException {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
            if (Character.isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (!digits()) {
            throw error("expected digits in number, found " + describeHere());
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            at++;
            if (!digits()) {
                throw error("expected digits after '.', found " + describeHere());
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw error("expected digits in exponent, found " + describeHere());
            }
        }
        String literal = text.substring(start, at);
        if (integral) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                throw new SyntaxException(start + 1, "integer " + literal + " does not fit in 64 bits");
            }
        }
        // the same value whatever its spelling: 1.0, 1e0 and 10E-1 are the integer 1 (see Values.canonical)
        Object value;
        try {
            value = Values.decimal(new BigDecimal(literal));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SyntaxException(start + 1, "number " + literal + " is out of range");
        }
        if (value instanceof BigDecimal d && d.scale() <= 0) {
            throw new SyntaxException(start + 1, "integer " + literal + " does not fit in 64 bits");
        }
        return value;
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Object literal(String word, Object value) throws SyntaxException {
        if (!text.startsWith(word, at)) {
            throw error("unexpected " + describeHere() + ", expected a value");
        }
        at += word.length();
        return value;
    }

    private void expect(char c, String where) throws SyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "' " + where + ", found " + describeHere());
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            at++;
        }
    }

    private String describeHere() {
        if (at >= text.length()) {
            return "end of line";
        }
        char c = text.charAt(at);
        return c < 0x20 ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    private SyntaxException error(String message) {
        return new SyntaxException(at + 1, message);
    }
}
