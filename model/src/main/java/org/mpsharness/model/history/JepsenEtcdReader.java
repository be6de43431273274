package org.mpsharness.model.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mpsharness.model.lin.Values;

/**
 * Reads Jepsen etcd logs: lines like {@code INFO  jepsen.util - 3 :invoke :cas [1 4]} (fields separated by tabs or
 * spaces) over a register with {@code :read}, {@code :write} and {@code :cas}. Operations come out in the shape the
 * {@code register} spec expects: write input a number, cas input {@code [from, to]} and output a boolean, read output a
 * number or {@code null}.
 *
 * <p>Completion semantics, which decide the verdicts and follow how the published verdicts were made:
 * <ul>
 *   <li>{@code :ok}: completed. A cas that is ok succeeded (output {@code true}).</li>
 *   <li>{@code :fail :cas [a b]}: the comparison failed. The client did get an answer from the register, which held
 *       something other than {@code a}; so this is a completed cas with output {@code false} (it constrains the
 *       state), not an operation to drop.</li>
 *   <li>{@code :fail :read :timed-out} (and any other fail): the operation did not take effect. For a read, dropping
 *       it and keeping it with an unknown output are the same, since a read changes nothing.</li>
 *   <li>{@code :info} (e.g. {@code :info :write :timed-out}), or no completion at all: unknown outcome, it may take
 *       effect at any time after its invocation, or never.</li>
 * </ul>
 * A completion must repeat the function of its invocation, and for write and cas the same value: a mismatch means the
 * log is not what this reader understands, so it is an error rather than a guess.
 */
public final class JepsenEtcdReader implements HistoryReader {

    @Override
    public History read(String source, BufferedReader in) throws IOException, HistoryFormatException {
        Lines lines = new Lines(source, in);
        HistoryBuilder history = new HistoryBuilder(source);
        String line;
        while ((line = lines.next()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+", 7);
            if (t.length < 7 || !t[0].equals("INFO") || !t[1].equals("jepsen.util") || !t[2].equals("-")) {
                throw lines.error("expected 'INFO jepsen.util - PROCESS :TYPE :F VALUE', found '" + clip(line) + "'");
            }
            int process = process(lines, t[3]);
            String type = keyword(lines, t[4], "type");
            String f = keyword(lines, t[5], "function");
            if (!f.equals("read") && !f.equals("write") && !f.equals("cas")) {
                throw lines.error("unknown function :" + f + " (jepsen-etcd has :read, :write, :cas)");
            }
            Object value = value(lines, t[6].trim());
            long at = lines.number();
            switch (type) {
                case "invoke" -> history.invoke(at, process, f, invokeInput(lines, f, value));
                case "ok" -> {
                    Object output = switch (f) {
                        case "read" -> readResult(lines, value);
                        case "write" -> echo(lines, history, process, f, value, null);
                        default -> echo(lines, history, process, f, value, Boolean.TRUE);
                    };
                    history.ok(at, process, f, output);
                }
                case "fail" -> {
                    if (f.equals("cas")) {
                        history.ok(at, process, f, echo(lines, history, process, f, value, Boolean.FALSE));
                    } else {
                        history.fail(at, process, f);
                    }
                }
                case "info" -> history.info(at, process, f);
                default -> throw lines.error("unknown event type :" + type + " (expected :invoke, :ok, :fail, :info)");
            }
        }
        return history.build();
    }

    private static Object invokeInput(Lines lines, String f, Object value) throws HistoryFormatException {
        switch (f) {
            case "read" -> {
                if (value != null) {
                    throw lines.error(":invoke :read takes nil, not " + Values.describe(value));
                }
                return null;
            }
            case "write" -> {
                if (!(value instanceof Long)) {
                    throw lines.error(":invoke :write takes an integer, not " + Values.describe(value));
                }
                return value;
            }
            default -> {
                if (!(value instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Long)
                        || !(l.get(1) instanceof Long)) {
                    throw lines.error(":invoke :cas takes [FROM TO] integers, not " + Values.describe(value));
                }
                return value;
            }
        }
    }

    private static Object readResult(Lines lines, Object value) throws HistoryFormatException {
        if (value != null && !(value instanceof Long)) {
            throw lines.error(":ok :read returns nil or an integer, not " + Values.describe(value));
        }
        return value;
    }

    /** Checks that a write or cas completion repeats its invocation's value, and returns {@code result}. */
    private static Object echo(Lines lines, HistoryBuilder history, int process, String f, Object value,
                               Object result) throws HistoryFormatException {
        Object invoked = history.openInput(lines.number(), process, f);
        if (!Values.same(invoked, value)) {
            throw lines.error("completion of :" + f + " repeats " + Values.describe(value)
                    + " but the invocation had " + Values.describe(invoked));
        }
        return result;
    }

    private static int process(Lines lines, String token) throws HistoryFormatException {
        try {
            int p = Integer.parseInt(token);
            if (p >= 0) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw lines.error("process must be a non-negative integer, not '" + clip(token) + "'");
    }

    private static String keyword(Lines lines, String token, String what) throws HistoryFormatException {
        if (token.length() < 2 || token.charAt(0) != ':') {
            throw lines.error("expected a keyword (:" + what + "), found '" + clip(token) + "'");
        }
        return token.substring(1);
    }

    /** nil, an integer, a keyword such as :timed-out (kept as a string with its colon), or [v v ...]. */
    private static Object value(Lines lines, String token) throws HistoryFormatException {
        if (token.startsWith("[")) {
            if (!token.endsWith("]")) {
                throw lines.error("unclosed vector '" + clip(token) + "'");
            }
            List<Object> items = new ArrayList<>();
            String inner = token.substring(1, token.length() - 1).trim();
            if (!inner.isEmpty()) {
                for (String item : inner.split("\\s+")) {
                    items.add(scalar(lines, item));
                }
            }
            return Collections.unmodifiableList(items);
        }
        return scalar(lines, token);
    }

    private static Object scalar(Lines lines, String token) throws HistoryFormatException {
        if (token.equals("nil")) {
            return null;
        }
        if (token.startsWith(":") && token.length() > 1) {
            return token;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw lines.error("expected nil, an integer, a :keyword or [...], found '" + clip(token) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
