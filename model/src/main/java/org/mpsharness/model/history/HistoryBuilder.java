package org.mpsharness.model.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mpsharness.model.lin.Operation;

/**
 * Pairs invocation and completion events per process into {@link Operation}s, the one place where the meaning of the
 * completion types lives (every reader goes through it):
 *
 * <ul>
 *   <li>{@code ok}: the operation took effect between its invocation and now, with this output;</li>
 *   <li>{@code fail}: it definitely did not take effect, so it is dropped from the history;</li>
 *   <li>{@code info}, or no completion before the end: its outcome is unknown; it may take effect at any time after
 *       its invocation, or never. The process is free to invoke again at once.</li>
 * </ul>
 *
 * <p>A process runs one operation at a time: invoking while the previous invocation is still open, or completing
 * with nothing open, is malformed input. Positions are whatever orders the events (line numbers for files); errors
 * name them as lines.
 */
public final class HistoryBuilder {
    private final String source;
    private final Map<Integer, Open> open = new HashMap<>();
    /** Operations in call order; {@code null} marks a dropped ({@code fail}) or still open one. */
    private final List<Operation> ops = new ArrayList<>();
    private long lastPosition = Long.MIN_VALUE;
    private int failed;

    private record Open(int slot, String f, Object input, long call) {
    }

    public HistoryBuilder(String source) {
        this.source = source;
    }

    /** Process {@code process} invokes {@code f(input)} at {@code position}. */
    public void invoke(long position, int process, String f, Object input) throws HistoryFormatException {
        advance(position);
        Open previous = open.get(process);
        if (previous != null) {
            throw error(position, "process " + process + " invokes " + f + " while its " + previous.f()
                    + " invoked at line " + previous.call() + " has not completed");
        }
        open.put(process, new Open(ops.size(), f, input, position));
        ops.add(null);
    }

    /** The open invocation's input, for readers that check a completion echoes it; throws when none is open. */
    public Object openInput(long position, int process, String f) throws HistoryFormatException {
        return find(position, process, f, "completes").input();
    }

    /** The open operation completed with {@code output}. {@code f} may be null when the format does not repeat it. */
    public void ok(long position, int process, String f, Object output) throws HistoryFormatException {
        advance(position);
        Open o = close(position, process, f);
        ops.set(o.slot(), Operation.completed(process, o.f(), o.input(), output, o.call(), position));
    }

    /** The open operation definitely did not take effect: it is dropped. */
    public void fail(long position, int process, String f) throws HistoryFormatException {
        advance(position);
        close(position, process, f);
        failed++;
    }

    /** The open operation's outcome is unknown: it may take effect at any time after its call, or never. */
    public void info(long position, int process, String f) throws HistoryFormatException {
        advance(position);
        Open o = close(position, process, f);
        ops.set(o.slot(), Operation.unknownOutcome(process, o.f(), o.input(), o.call()));
    }

    /** The history; operations still open have an unknown outcome. */
    public History build() {
        for (Map.Entry<Integer, Open> e : open.entrySet()) {
            Open o = e.getValue();
            ops.set(o.slot(), Operation.unknownOutcome(e.getKey(), o.f(), o.input(), o.call()));
        }
        open.clear();
        List<Operation> kept = new ArrayList<>();
        for (Operation op : ops) {
            if (op != null) {
                kept.add(op);
            }
        }
        return new History(source, kept, failed);
    }

    private Open close(long position, int process, String f) throws HistoryFormatException {
        Open o = find(position, process, f, "completes");
        open.remove(process);
        return o;
    }

    private Open find(long position, int process, String f, String verb) throws HistoryFormatException {
        Open o = open.get(process);
        if (o == null) {
            throw error(position, "process " + process + " " + verb + " " + (f == null ? "an operation" : f)
                    + " but has no operation in progress");
        }
        if (f != null && !f.equals(o.f())) {
            throw error(position, "process " + process + " " + verb + " " + f + " but invoked " + o.f()
                    + " at line " + o.call());
        }
        return o;
    }

    private void advance(long position) throws HistoryFormatException {
        if (position <= lastPosition) {
            throw error(position, "events out of order (position " + position + " after " + lastPosition + ")");
        }
        lastPosition = position;
    }

    private HistoryFormatException error(long position, String problem) {
        return new HistoryFormatException(source, position, problem);
    }
}
