package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Reads the project's own history format: one JSON object per line, as specified in {@code docs/history-format.md}.
 * Blank lines are skipped; every other line must be an event, and anything unexpected (an unknown field, a wrong type,
 * a completion without an invocation) is an error naming the file and line, because a silently misread history gives
 * a verdict about something that did not happen.
 */
public final class JsonLinesReader implements HistoryReader {
    static final Set<String> FIELDS = Set.of("process", "type", "f", "value", "time");

    @Override
    public History read(String source, BufferedReader in) throws IOException, HistoryFormatException {
        Lines lines = new Lines(source, in);
        HistoryBuilder history = new HistoryBuilder(source);
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = JsonParser.parse(line);
            } catch (JsonParser.SyntaxException e) {
                throw lines.error("invalid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> event)) {
                throw lines.error("expected a JSON object (one event per line), found " + kind(parsed));
            }
            for (Object key : event.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw lines.error("unknown field \"" + key + "\" (fields: process, type, f, value, time)");
                }
            }
            int process = process(lines, event);
            String type = requiredString(lines, event, "type");
            Object f = event.get("f");
            if (f != null && (!(f instanceof String s) || s.isEmpty())) {
                throw lines.error("\"f\" must be a non-empty string, not " + JsonWriter.write(f));
            }
            Object time = event.get("time");
            if (time != null && !(time instanceof Long)) {
                throw lines.error("\"time\" must be an integer, not " + JsonWriter.write(time));
            }
            long at = lines.number();
            switch (type) {
                case "invoke" -> {
                    if (f == null) {
                        throw lines.error("an invoke event needs \"f\", the function name");
                    }
                    history.invoke(at, process, (String) f, event.get("value"));
                }
                case "ok" -> history.ok(at, process, (String) f, event.get("value"));
                case "fail" -> history.fail(at, process, (String) f);
                case "info" -> history.info(at, process, (String) f);
                default -> throw lines.error("\"type\" must be invoke, ok, fail or info, not \"" + type + "\"");
            }
        }
        return history.build();
    }

    private static int process(Lines lines, Map<?, ?> event) throws HistoryFormatException {
        Object p = event.get("process");
        if (p == null) {
            throw lines.error("missing \"process\"");
        }
        if (!(p instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw lines.error("\"process\" must be a non-negative integer, not " + JsonWriter.write(p));
        }
        return (int) (long) n;
    }

    private static String requiredString(Lines lines, Map<?, ?> event, String field) throws HistoryFormatException {
        Object v = event.get(field);
        if (v == null) {
            throw lines.error("missing \"" + field + "\"");
        }
        if (!(v instanceof String s)) {
            throw lines.error("\"" + field + "\" must be a string, not " + JsonWriter.write(v));
        }
        return s;
    }

    private static String kind(Object value) {
        if (value instanceof java.util.List) {
            return "an array";
        }
        return value == null ? "null" : value instanceof String ? "a string" : "a " + value.getClass().getSimpleName()
                .toLowerCase(java.util.Locale.ROOT);
    }
}
