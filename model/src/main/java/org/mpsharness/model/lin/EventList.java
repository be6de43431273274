package org.mpsharness.model.lin;

import java.util.Arrays;
import java.util.List;

/**
 * The history as doubly linked lists of events in real-time order, from which the search removes ("lifts") an
 * operation when it linearizes it and puts it back ("unlifts") when it backtracks.
 *
 * <p>Why linked lists: at every step the search walks from the head to the first remaining return event, trying the
 * calls before it. Lifting the linearized operations out keeps that walk short, and because the search undoes lifts in
 * exactly the reverse order (a stack), each lift and unlift is O(1) in the style of dancing links. The lists live in
 * {@code int} arrays rather than node objects to keep them compact and cache-friendly.
 *
 * <p>There are two lists. The main one holds the call and return events of operations that responded. Operations of
 * unknown outcome have no return event, never block the walk, and may be linearized at any point after their call or
 * never; they sit in a second list of call events only, so that the search can try them after the operations that did
 * respond (see {@link WingGongSearch} for why that order matters).
 */
final class EventList {
    private final int head;
    private final int tail;
    private final int unknownHead;
    private final int unknownTail;
    private final int[] next;
    private final int[] prev;
    /** Per event: the operation (local index) it belongs to. */
    private final int[] op;
    /** Per call event: its return event, or -1 when the operation has none; -2 for return events. */
    private final int[] match;
    /** Per event: its position in the history. */
    private final long[] position;
    /** Per operation: its call event. */
    private final int[] callOf;
    private final int operationsWithReturn;

    EventList(List<Operation> ops) {
        int n = ops.size();
        int withReturn = 0;
        for (Operation o : ops) {
            if (o.hasReturn()) {
                withReturn++;
            }
        }
        int events = n + withReturn;
        // sort key: position, then calls before returns (equal positions overlap), then operation index
        long[][] keys = new long[events][];
        int e = 0;
        for (int i = 0; i < n; i++) {
            Operation o = ops.get(i);
            keys[e++] = new long[] {o.call(), 0, i};
            if (o.hasReturn()) {
                keys[e++] = new long[] {o.ret(), 1, i};
            }
        }
        Arrays.sort(keys, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));

        head = events;
        tail = events + 1;
        unknownHead = events + 2;
        unknownTail = events + 3;
        next = new int[events + 4];
        prev = new int[events + 4];
        op = new int[events];
        match = new int[events];
        position = new long[events];
        callOf = new int[n];
        operationsWithReturn = withReturn;
        int[] returnOf = new int[n];
        Arrays.fill(returnOf, -1);
        for (int i = 0; i < events; i++) {
            int o = (int) keys[i][2];
            op[i] = o;
            position[i] = keys[i][0];
            if (keys[i][1] == 0) {
                callOf[o] = i;
            } else {
                returnOf[o] = i;
                match[i] = -2;
            }
        }
        for (int o = 0; o < n; o++) {
            match[callOf[o]] = returnOf[o];
        }
        link(head, tail);
        link(unknownHead, unknownTail);
        int lastMain = head;
        int lastUnknown = unknownHead;
        for (int i = 0; i < events; i++) {
            if (match[i] == -1) {
                link(lastUnknown, i);
                lastUnknown = i;
            } else {
                link(lastMain, i);
                lastMain = i;
            }
        }
        link(lastMain, tail);
        link(lastUnknown, unknownTail);
    }

    private void link(int a, int b) {
        next[a] = b;
        prev[b] = a;
    }

    /** The first event of the main list (operations that responded), or its tail. */
    int first() {
        return next[head];
    }

    /** The first call of an unknown-outcome operation still to linearize, or the end of that list. */
    int firstUnknown() {
        return next[unknownHead];
    }

    /** The next event in whichever list {@code event} is in. */
    int next(int event) {
        return next[event];
    }

    boolean isTail(int event) {
        return event == tail;
    }

    boolean isUnknownEnd(int event) {
        return event == unknownTail;
    }

    boolean isCall(int event) {
        return event < head && match[event] != -2;
    }

    /** The operation (local index) of an event. */
    int operation(int event) {
        return op[event];
    }

    long position(int event) {
        return position[event];
    }

    int callOf(int operation) {
        return callOf[operation];
    }

    boolean hasReturn(int operation) {
        return match[callOf[operation]] >= 0;
    }

    int operationsWithReturn() {
        return operationsWithReturn;
    }

    /** Removes an operation's call event and, if it has one, its return event. */
    void lift(int call) {
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        int ret = match[call];
        if (ret >= 0) {
            next[prev[ret]] = next[ret];
            prev[next[ret]] = prev[ret];
        }
    }

    /** Undoes the most recent {@link #lift} that has not been undone yet. */
    void unlift(int call) {
        int ret = match[call];
        if (ret >= 0) {
            next[prev[ret]] = ret;
            prev[next[ret]] = ret;
        }
        next[prev[call]] = call;
        prev[next[call]] = call;
    }
}
