package org.mpsharness.model.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.model.history.JsonParser;
import org.mpsharness.model.history.JsonWriter;

/**
 * The lines the check JVM ({@link CheckMain}) writes to its standard output, one JSON object per line, as it goes:
 * <pre>
 * {"harness-check":"start","check":"load"}                         loading and probing the class
 * {"harness-check":"unusable","message":"..."}                      the class cannot be checked (then exit 2)
 * {"harness-check":"design","component":"FREELIST","constructor":"()","checks":["contract",...]}
 * {"harness-check":"start","check":"contract"}
 * {"harness-check":"verdict","check":"contract","verdict":"PASS","nanos":123,"trace":null}
 * {"harness-check":"done"}                                          every selected check has its verdict
 * </pre>
 * Why a line per event, written as it happens: when the design ends the JVM (System.exit, a halt, a crash), the parent
 * knows from the last {@code start} without a {@code verdict} which check was running. Anything else on that stream
 * (a design that writes to the raw file descriptor) is not a protocol line and is ignored.
 */
public final class CheckProtocol {
    /** The key that marks a protocol line; its value is the event type. */
    public static final String KEY = "harness-check";
    /** The pseudo-check name of loading and probing the class. */
    public static final String LOAD = "load";

    /** One event. */
    public record Event(String type, Map<String, Object> fields) {
        public String text(String key) {
            Object v = fields.get(key);
            return v == null ? null : v.toString();
        }

        @SuppressWarnings("unchecked")
        public List<String> list(String key) {
            Object v = fields.get(key);
            return v instanceof List<?> l ? (List<String>) l : List.of();
        }

        public long number(String key) {
            Object v = fields.get(key);
            return v instanceof Number n ? n.longValue() : 0;
        }

        /** The outcome carried by a {@code verdict} event. */
        public CheckOutcome outcome() {
            return new CheckOutcome(text("check"), CheckOutcome.Verdict.valueOf(text("verdict")), text("trace"),
                    number("nanos"));
        }
    }

    private CheckProtocol() {
    }

    public static String start(String check) {
        return line("start", "check", check);
    }

    public static String unusable(String message) {
        return line("unusable", "message", message);
    }

    public static String design(Component c, List<String> checks) {
        return line("design", "component", c.name(), "constructor", c.constructor(), "checks", checks);
    }

    public static String verdict(CheckOutcome o) {
        return line("verdict", "check", o.check(), "verdict", o.verdict().name(), "nanos", o.nanos(), "trace",
                o.trace());
    }

    public static String done() {
        return line("done");
    }

    private static String line(String type, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(KEY, type);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return JsonWriter.write(m);
    }

    /** The event on {@code line}, or null when it is not a protocol line. */
    public static Event parse(String line) {
        if (!line.startsWith("{\"" + KEY + "\"")) {
            return null;
        }
        try {
            if (JsonParser.parse(line) instanceof Map<?, ?> m && m.get(KEY) instanceof String type) {
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) m;
                return new Event(type, fields);
            }
        } catch (JsonParser.SyntaxException e) {
            // a line cut short by the end of the JVM: not an event
        }
        return null;
    }
}
