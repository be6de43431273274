package org.mpsharness.model.lin;

import java.util.List;

/**
 * The part of a non-linearizable history that a person needs to read to see why: from the last point before the
 * failure at which no operation was running (so the spec can only be in one of a known set of states) up to the
 * first response that cannot be linearized.
 *
 * <p>Starting from any of {@link #startStates()}, the {@link #operations()} (plus the {@link #earlierUnknown()}
 * operations, which may take effect inside the window) have no linearization in which the {@link #culprit()} has
 * responded; every shorter prefix of the history has one.
 *
 * @param partition      index of the failing partition (0-based) among {@code partitions}
 * @param partitions     number of partitions of the history
 * @param culprit        the operation whose response is the first that cannot be linearized
 * @param operations     the operations invoked in the window (up to the culprit's response), in call order; those
 *                       that return after the culprit's response may or may not have taken effect inside it
 * @param earlierUnknown operations of unknown outcome invoked before the window that may take effect inside it
 * @param startStates    the states the spec can be in at the window start
 * @param fromStart      the window starts at the beginning of the partition's history
 * @param narrowed       false when the search for the start point ran out of time or budget and fell back to the
 *                       beginning of the history (the window is then correct but not the smallest)
 * @param report         the readable rendering, several lines
 */
public record ViolationWindow(int partition, int partitions, Operation culprit, List<Operation> operations,
                              List<Operation> earlierUnknown, List<Object> startStates, boolean fromStart,
                              boolean narrowed, String report) {

    public ViolationWindow {
        operations = List.copyOf(operations);
        earlierUnknown = List.copyOf(earlierUnknown);
        startStates = List.copyOf(startStates);
    }

    /** Position of the window start: the call of its first operation. */
    public long start() {
        return operations.get(0).call();
    }

    /** Position of the window end: the culprit's response. */
    public long end() {
        return culprit.ret();
    }

    @Override
    public String toString() {
        return report;
    }
}
