package org.mpsharness.model.lin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.history.JsonLinesReader;
import org.mpsharness.model.history.JsonWriter;

/**
 * Writes a history as a JSON-lines file in which every integer is spelt at random ({@code 3}, {@code 3.0},
 * {@code 3e0}, {@code 30E-1}, {@code 0.3e1}, {@code 3.000}), and reads it back: the same history must come out, with
 * the same verdict, whatever the spelling.
 */
final class Respelling {
    private Respelling() {
    }

    private record Event(long order, String line) {
    }

    static History reread(List<Operation> history, Random rnd) throws IOException, HistoryFormatException {
        List<Event> events = new ArrayList<>();
        for (Operation op : history) {
            events.add(new Event(2 * op.call(), event(op.process(), "invoke", op.f(), op.input(), rnd)));
            if (op.hasReturn()) {
                events.add(new Event(2 * op.ret(), event(op.process(), "ok", op.f(), op.output(), rnd)));
            } else {
                // unknown outcome: an info line right after the invocation says no more than the invocation does
                events.add(new Event(2 * op.call() + 1, event(op.process(), "info", op.f(), null, rnd)));
            }
        }
        events.sort(Comparator.comparingLong(Event::order));
        StringBuilder text = new StringBuilder();
        for (Event e : events) {
            text.append(e.line()).append('\n');
        }
        return new JsonLinesReader().read("respelt", new BufferedReader(new StringReader(text.toString())));
    }

    /** Whether two histories hold the same operations in the same order (positions aside). */
    static boolean sameOperations(List<Operation> a, List<Operation> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Operation x = a.get(i);
            Operation y = b.get(i);
            if (x.process() != y.process() || !x.f().equals(y.f()) || !Objects.equals(x.input(), y.input())
                    || x.hasReturn() != y.hasReturn() || x.hasReturn() && !Objects.equals(x.output(), y.output())) {
                return false;
            }
        }
        return true;
    }

    private static String event(int process, String type, String f, Object value, Random rnd) {
        StringBuilder sb = new StringBuilder("{\"process\":").append(process).append(",\"type\":\"").append(type)
                .append("\",\"f\":").append(JsonWriter.write(f));
        if (value != null) {
            sb.append(",\"value\":");
            spell(sb, value, rnd);
        }
        return sb.append('}').toString();
    }

    private static void spell(StringBuilder sb, Object value, Random rnd) {
        if (value instanceof Long n) {
            sb.append(integer(n, rnd));
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? "," : "");
                spell(sb, list.get(i), rnd);
            }
            sb.append(']');
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                sb.append(JsonWriter.write(e.getKey())).append(':');
                spell(sb, e.getValue(), rnd);
                sb.append(it.hasNext() ? "," : "");
            }
            sb.append('}');
        } else {
            sb.append(JsonWriter.write(value));
        }
    }

    /** One of the spellings of an integer in JSON. */
    static String integer(long n, Random rnd) {
        String plain = Long.toString(n);
        String digits = plain.replace("-", "");
        String sign = n < 0 ? "-" : "";
        return switch (rnd.nextInt(6)) {
            case 0 -> plain;
            case 1 -> plain + ".0";
            case 2 -> plain + "e0";
            case 3 -> n == 0 ? "0E-1" : plain + "0E-1";
            case 4 -> sign + "0." + digits + "e" + digits.length();
            default -> new BigDecimal(n).setScale(3).toPlainString();
        };
    }
}
