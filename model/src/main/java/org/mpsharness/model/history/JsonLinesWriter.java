package org.mpsharness.model.history;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mpsharness.model.lin.Operation;

/**
 * Writes histories in the project's JSON-lines format ({@code docs/history-format.md}).
 *
 * <p>As a recorder, it is shared by the threads under test: each calls {@link #invoke} just before it starts an
 * operation and {@link #ok}, {@link #fail} or {@link #info} just after it ends. Every event is written under one lock,
 * so the order of the lines is a total order consistent with real time, which is all the checker needs; when a clock
 * is given, it is read under the same lock, so the recorded times never go backwards.
 *
 * <p>I/O errors surface as {@link UncheckedIOException} so that recording code under test stays simple.
 */
public final class JsonLinesWriter implements Closeable, Flushable {
    private final Writer out;
    private final LongSupplier clock;

    /** A recorder without times. */
    public JsonLinesWriter(Writer out) {
        this(out, null);
    }

    /** A recorder that stamps every event with {@code clock} (e.g. {@code System::nanoTime}), or none if null. */
    public JsonLinesWriter(Writer out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    public synchronized void invoke(int process, String f, Object input) {
        event(process, "invoke", f, input, true);
    }

    public synchronized void ok(int process, String f, Object output) {
        event(process, "ok", f, output, true);
    }

    /** The operation definitely did not take effect. */
    public synchronized void fail(int process, String f) {
        event(process, "fail", f, null, false);
    }

    /** The operation's outcome is unknown (timed out, crashed): it may take effect at any time later, or never. */
    public synchronized void info(int process, String f) {
        event(process, "info", f, null, false);
    }

    /**
     * Writes a whole history, e.g. one read in another format. An operation of unknown outcome is written as an
     * invocation followed at once by {@code info}, which means the same thing.
     *
     * @throws IllegalArgumentException for an operation the format cannot express: a known output without a
     *                                  response, or an unknown output with one
     */
    public synchronized void write(History history) {
        record Event(long position, int order, Operation op, String type) {
        }
        List<Event> events = new ArrayList<>();
        for (Operation op : history.operations()) {
            if (op.hasReturn() != op.outputKnown()) {
                throw new IllegalArgumentException("cannot express in JSON lines: " + op);
            }
            events.add(new Event(op.call(), 0, op, "invoke"));
            events.add(op.hasReturn() ? new Event(op.ret(), 1, op, "ok") : new Event(op.call(), 2, op, "info"));
        }
        events.sort(Comparator.comparingLong(Event::position).thenComparingInt(Event::order));
        for (Event e : events) {
            Operation op = e.op();
            switch (e.type()) {
                case "invoke" -> invoke(op.process(), op.f(), op.input());
                case "ok" -> ok(op.process(), op.f(), op.output());
                default -> info(op.process(), op.f());
            }
        }
    }

    private void event(int process, String type, String f, Object value, boolean withValue) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("process", process);
        event.put("type", type);
        event.put("f", f);
        if (withValue) {
            event.put("value", value);
        }
        if (clock != null) {
            event.put("time", clock.getAsLong());
        }
        try {
            out.write(JsonWriter.write(event));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
