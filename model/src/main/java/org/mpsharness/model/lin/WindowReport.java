package org.mpsharness.model.lin;

import java.util.List;

/**
 * Renders a violation window for a person: one line per operation (process, operation as the spec describes it, call
 * and return positions), the culprit marked, and the possible states at the window start. Long windows are cut in the
 * middle, never at the culprit, so that the report stays readable in a terminal.
 */
final class WindowReport<S> {
    /** Operations shown at most; the rest are summarized in one line. */
    static final int MAX_LINES = 60;
    private static final int MAX_STATES = 12;

    private final Spec<S> spec;

    WindowReport(Spec<S> spec) {
        this.spec = spec;
    }

    String render(int partition, int partitions, Operation culprit, List<Operation> window,
                  List<Operation> earlierUnknown, List<S> states, boolean fromStart, boolean narrowed) {
        StringBuilder sb = new StringBuilder();
        if (partitions > 1) {
            sb.append("in partition ").append(partition + 1).append(" of ").append(partitions).append(":\n");
        }
        sb.append("the response at ").append(culprit.ret()).append(" cannot be linearized: process ")
                .append(culprit.process()).append(' ').append(spec.describeOperation(culprit)).append(" (called at ")
                .append(culprit.call()).append(")\n");
        if (fromStart) {
            sb.append("window: from the start of the history to ").append(culprit.ret());
            sb.append(narrowed ? " (no earlier point at which no operation was running)\n"
                    : " (the search for a later start ran out of time)\n");
        } else {
            sb.append("window: from ").append(window.get(0).call()).append(" (no operation running) to ")
                    .append(culprit.ret()).append('\n');
        }
        sb.append("possible states at the window start: ");
        for (int i = 0; i < Math.min(states.size(), MAX_STATES); i++) {
            sb.append(i > 0 ? " | " : "").append(spec.describeState(states.get(i)));
        }
        if (states.size() > MAX_STATES) {
            sb.append(" | ... (").append(states.size()).append(" in all)");
        }
        sb.append('\n');
        if (!earlierUnknown.isEmpty()) {
            sb.append("operations of unknown outcome invoked earlier, which may take effect in the window:\n");
            appendLines(sb, earlierUnknown, culprit);
        }
        sb.append("operations in the window, in call order (>> marks the culprit):\n");
        appendLines(sb, window, culprit);
        return sb.toString();
    }

    private void appendLines(StringBuilder sb, List<Operation> ops, Operation culprit) {
        int n = ops.size();
        int at = ops.indexOf(culprit);
        int head = Math.min(n, MAX_LINES / 2);
        for (int i = 0; i < n; i++) {
            boolean shown = n <= MAX_LINES || i < head || i >= n - (MAX_LINES - head) || i == at;
            if (shown) {
                sb.append(line(ops.get(i), culprit)).append('\n');
            } else if (i == head) {
                sb.append("     ... ").append(n - MAX_LINES).append(" operations not shown ...\n");
            }
        }
    }

    private String line(Operation op, Operation culprit) {
        String mark = op == culprit ? "  >> " : "     ";
        String when;
        if (!op.hasReturn()) {
            when = "call " + op.call() + ", outcome unknown";
        } else if (op.ret() > culprit.ret()) {
            when = "call " + op.call() + ", return " + op.ret() + " (after the culprit: may or may not have"
                    + " taken effect)";
        } else {
            when = "call " + op.call() + ", return " + op.ret();
        }
        return String.format("%sprocess %-4d %-36s %s", mark, op.process(), spec.describeOperation(op), when);
    }
}
