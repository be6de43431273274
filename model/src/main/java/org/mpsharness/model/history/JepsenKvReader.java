package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mpsharness.model.lin.Values;

/**
 * Reads Jepsen key-value logs: one EDN map per line, e.g.
 * {@code {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}}, with functions {@code :get},
 * {@code :put} and {@code :append}. Operations come out in the shape the {@code kv} spec expects: input
 * {@code {"key": k}} for get and {@code {"key": k, "value": v}} otherwise; output the string read for get and
 * {@code null} for put and append (whose completions only repeat the input, which is checked).
 *
 * <p>{@code :ok} completes, {@code :fail} drops the operation (it did not take effect), {@code :info} or no
 * completion leaves its outcome unknown. Only the small part of EDN these logs use is accepted: keywords, strings,
 * integers, {@code nil}, {@code true}, {@code false}, with commas as whitespace.
 */
public final class JepsenKvReader implements HistoryReader {
    private static final Set<String> FIELDS = Set.of("process", "type", "f", "key", "value", "time", "index");

    @Override
    public History read(String source, BufferedReader in) throws IOException, HistoryFormatException {
        Lines lines = new Lines(source, in);
        HistoryBuilder history = new HistoryBuilder(source);
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> event = new EdnMap(lines, line).parse();
            for (String k : event.keySet()) {
                if (!FIELDS.contains(k)) {
                    throw lines.error("unknown field :" + k + " (fields: :process :type :f :key :value)");
                }
            }
            Object p = event.get("process");
            if (!(p instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                throw lines.error(":process must be a non-negative integer, not " + Values.describe(p));
            }
            int process = (int) (long) n;
            String type = keyword(lines, event, "type");
            String f = keyword(lines, event, "f");
            if (!f.equals("get") && !f.equals("put") && !f.equals("append")) {
                throw lines.error("unknown function :" + f + " (jepsen-kv has :get, :put, :append)");
            }
            if (!(event.get("key") instanceof String key)) {
                throw lines.error(":key must be a string, not " + Values.describe(event.get("key")));
            }
            Object value = event.get("value");
            long at = lines.number();
            switch (type) {
                case "invoke" -> history.invoke(at, process, f, input(lines, f, key, value));
                case "ok" -> {
                    Map<?, ?> invoked = (Map<?, ?>) history.openInput(at, process, f);
                    if (!key.equals(invoked.get("key"))) {
                        throw lines.error("completion names key " + Values.describe(key)
                                + " but the invocation had " + Values.describe(invoked.get("key")));
                    }
                    Object output = null;
                    if (f.equals("get")) {
                        if (!(value instanceof String)) {
                            throw lines.error(":ok :get returns a string, not " + Values.describe(value));
                        }
                        output = value;
                    } else if (!Values.same(value, invoked.get("value"))) {
                        throw lines.error("completion of :" + f + " repeats " + Values.describe(value)
                                + " but the invocation had " + Values.describe(invoked.get("value")));
                    }
                    history.ok(at, process, f, output);
                }
                case "fail" -> history.fail(at, process, f);
                case "info" -> history.info(at, process, f);
                default -> throw lines.error("unknown event type :" + type + " (expected :invoke, :ok, :fail, :info)");
            }
        }
        return history.build();
    }

    private static Map<String, Object> input(Lines lines, String f, String key, Object value)
            throws HistoryFormatException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("key", key);
        if (f.equals("get")) {
            if (value != null) {
                throw lines.error(":invoke :get takes :value nil, not " + Values.describe(value));
            }
        } else {
            if (!(value instanceof String)) {
                throw lines.error(":invoke :" + f + " takes a string :value, not " + Values.describe(value));
            }
            input.put("value", value);
        }
        return Collections.unmodifiableMap(input);
    }

    private static String keyword(Lines lines, Map<String, Object> event, String field) throws HistoryFormatException {
        Object v = event.get(field);
        if (!(v instanceof Keyword k)) {
            throw lines.error(":" + field + " must be a keyword, not " + (v == null ? "missing" : Values.describe(v)));
        }
        return k.name();
    }

    /** An EDN keyword value, kept apart from strings so that {@code :ok} and {@code "ok"} differ. */
    private record Keyword(String name) {
        @Override
        public String toString() {
            return ":" + name;
        }
    }

    /** Parses one flat EDN map. */
    private static final class EdnMap {
        private final Lines lines;
        private final String text;
        private int at;

        EdnMap(Lines lines, String text) {
            this.lines = lines;
            this.text = text;
        }

        Map<String, Object> parse() throws HistoryFormatException {
            skipSpace();
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    at++;
                    break;
                }
                Object key = value();
                if (!(key instanceof Keyword k)) {
                    throw error("expected a :keyword key, found " + Values.describe(key));
                }
                skipSpace();
                if (peek() == '}' || peek() == '\0') {
                    throw error("key :" + k.name() + " has no value");
                }
                Object v = value();
                if (map.containsKey(k.name())) {
                    throw error("duplicate key :" + k.name());
                }
                map.put(k.name(), v);
            }
            skipSpace();
            if (at < text.length()) {
                throw error("unexpected text after the map");
            }
            return map;
        }

        private Object value() throws HistoryFormatException {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < text.length() && !isDelimiter(text.charAt(at))) {
                at++;
            }
            String token = text.substring(start, at);
            if (token.isEmpty()) {
                throw error("expected a value, found " + (c == '\0' ? "end of line" : "'" + c + "'"));
            }
            if (token.charAt(0) == ':' && token.length() > 1) {
                return new Keyword(token.substring(1));
            }
            switch (token) {
                case "nil":
                    return null;
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                default:
                    try {
                        return Long.parseLong(token);
                    } catch (NumberFormatException e) {
                        at = start;
                        throw error("expected a keyword, string, integer or nil, found '" + token + "'");
                    }
            }
        }

        private String string() throws HistoryFormatException {
            int start = at++;
            StringBuilder sb = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = at < text.length() ? text.charAt(at++) : '\0';
                    switch (e) {
                        case '"', '\\' -> sb.append(e);
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        default -> {
                            at--;
                            throw error("unsupported escape in string");
                        }
                    }
                } else {
                    sb.append(c);
                }
            }
            at = start;
            throw error("string not closed before the end of the line");
        }

        private static boolean isDelimiter(char c) {
            return Character.isWhitespace(c) || c == ',' || c == '{' || c == '}' || c == '"';
        }

        private void skipSpace() {
            while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || text.charAt(at) == ',')) {
                at++;
            }
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void expect(char c) throws HistoryFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            at++;
        }

        private HistoryFormatException error(String problem) {
            return lines.error("column " + (at + 1) + ": " + problem);
        }
    }
}
