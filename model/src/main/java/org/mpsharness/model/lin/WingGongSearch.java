package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The Wing &amp; Gong backtracking search for a linearization of one (partition of a) history, with Lowe's memoization
 * of configurations, in the form Porcupine made fast; extended to nondeterministic specs and to operations without a
 * response.
 *
 * <p>How it works: walk the {@link EventList} from its head. At a call event, try to linearize that operation now
 * (the spec must accept it in the current state); if the resulting configuration is new, push a frame, lift the
 * operation out of the list and start again from the head. At a return event, the operation it belongs to has not been
 * linearized although it has already responded, so this branch is dead: pop the last frame and try the next
 * alternative (next state of a nondeterministic step, or the next call in the list). A branch succeeds when every
 * operation that has a response is linearized; operations without a response (unknown outcome) need not be, which is
 * exactly "may never take effect", and since their call events never block the walk they may take effect at any
 * point after their invocation.
 *
 * <p>The furthest return event at which the search ever had to backtrack is the first response of the history that
 * cannot be linearized (every earlier prefix has been linearized on some branch, and no later one could be); the
 * {@link ViolationWindowFinder} builds its report around it.
 *
 * <p>An instance runs one search and is then spent.
 */
final class WingGongSearch<S> {

    /** Where a search begins: a state, and operations (local indices) taken to be linearized already. */
    record Start<S>(S state, int[] linearized) {
    }

    /** Receives each explored configuration in which every operation with a response is linearized. */
    interface Sink<S> {
        /** Returns false to stop the enumeration. */
        boolean accept(S state, LinearizedSet linearized);
    }

    enum Kind { LINEARIZABLE, NOT_LINEARIZABLE, EXHAUSTED, STOPPED }

    /**
     * @param culprit       for NOT_LINEARIZABLE: the local index of the operation whose response is the first that
     *                      cannot be linearized
     * @param linearization for LINEARIZABLE: local indices in linearization order
     * @param configurations number of distinct configurations explored
     */
    record Outcome(Kind kind, int culprit, List<Integer> linearization, long configurations) {
    }

    private final Spec<S> spec;
    private final Operation[] ops;
    private final EventList events;
    private final LinearizedSet bits;
    private final ConfigurationCache cache = new ConfigurationCache();
    private final BooleanSupplier stop;

    private int depth;
    private int[] frameOp = new int[64];
    private Object[] frameState = new Object[64];
    private List<?>[] frameAlternatives = new List<?>[64];
    private int[] frameAlternative = new int[64];

    private long frontier = Long.MIN_VALUE;
    private int culprit = -1;
    private long iterations;

    // where the search stands between slices
    private List<Start<S>> starts;
    private Sink<S> sink;
    private int nextStart;
    private boolean active;
    private boolean entered;
    private S state;
    private int remaining;
    private int entry;

    /**
     * @param ops  the operations; those without a response are optional
     * @param stop polled regularly (and before the first step); when it answers true the search gives up
     */
    WingGongSearch(Spec<S> spec, List<Operation> ops, BooleanSupplier stop) {
        this.spec = spec;
        this.ops = ops.toArray(new Operation[0]);
        this.events = new EventList(ops);
        this.bits = new LinearizedSet(ops.size());
        this.stop = stop;
    }

    /** Searches for one linearization from any of the starts, to the end (or until {@code stop}). */
    Outcome decide(List<Start<S>> starts) {
        begin(starts, null);
        return advance(Long.MAX_VALUE);
    }

    /** Explores every reachable configuration, reporting the complete ones to the sink. */
    Outcome enumerate(List<Start<S>> starts, Sink<S> sink) {
        begin(starts, sink);
        return advance(Long.MAX_VALUE);
    }

    /**
     * Prepares a search for one linearization that {@link #advance} then runs in slices, so that a caller can share
     * threads between many partitions fairly and deterministically (by iterations, not by time).
     */
    void begin(List<Start<S>> starts, Sink<S> sink) {
        if (this.starts != null) {
            throw new IllegalStateException("a search runs once");
        }
        this.starts = starts;
        this.sink = sink;
    }

    /**
     * Runs up to {@code budget} more iterations. Returns {@code null} when the budget ran out first; otherwise the
     * final outcome (after which the search must not be advanced again).
     */
    Outcome advance(long budget) {
        long limit = iterations + budget < iterations ? Long.MAX_VALUE : iterations + budget;
        while (true) {
            if (!active) {
                if (nextStart == starts.size()) {
                    return sink != null ? outcome(Kind.EXHAUSTED) : new Outcome(Kind.NOT_LINEARIZABLE, culprit,
                            List.of(), cache.size());
                }
                Start<S> start = starts.get(nextStart++);
                remaining = events.operationsWithReturn();
                for (int o : start.linearized()) {
                    bits.add(o);
                    events.lift(events.callOf(o));
                    if (events.hasReturn(o)) {
                        remaining--;
                    }
                }
                state = start.state();
                entered = true;
                active = cache.add(bits, start.state());
                if (!active) {
                    unliftStart(start);
                    continue;
                }
            }
            Kind kind = explore(limit);
            if (kind == null) {
                return null;
            }
            if (kind == Kind.LINEARIZABLE) {
                Start<S> start = starts.get(nextStart - 1);
                List<Integer> order = new ArrayList<>();
                for (int o : start.linearized()) {
                    order.add(o);
                }
                for (int i = 0; i < depth; i++) {
                    order.add(frameOp[i]);
                }
                return new Outcome(kind, -1, order, cache.size());
            }
            if (kind == Kind.STOPPED) {
                return outcome(kind);
            }
            active = false;
            unliftStart(starts.get(nextStart - 1));
        }
    }

    private Outcome outcome(Kind kind) {
        return new Outcome(kind, -1, List.of(), cache.size());
    }

    private void unliftStart(Start<S> start) {
        int[] pre = start.linearized();
        for (int i = pre.length - 1; i >= 0; i--) {
            events.unlift(events.callOf(pre[i]));
            bits.remove(pre[i]);
        }
    }

    /**
     * The search proper, from the current node until an answer or until {@code limit} iterations; returns
     * {@code null} in the latter case, with its position kept in the fields so that it can go on later.
     */
    @SuppressWarnings("unchecked")
    private Kind explore(long limit) {
        while (true) {
            if (entered) {
                entered = false;
                if (remaining == 0) {
                    if (sink == null) {
                        return Kind.LINEARIZABLE;
                    }
                    if (!sink.accept(state, bits)) {
                        return Kind.STOPPED;
                    }
                }
                entry = events.first();
            }
            if ((iterations & 63) == 0) {
                if (stop.getAsBoolean()) {
                    return Kind.STOPPED;
                }
                if (iterations >= limit) {
                    return null;
                }
            }
            iterations++;
            if (events.isCall(entry)) {
                int o = events.operation(entry);
                List<S> next = step(state, o);
                int chosen = next.isEmpty() ? -1 : push(o, entry, state, next, 0);
                if (chosen >= 0) {
                    state = next.get(chosen);
                    remaining -= events.hasReturn(o) ? 1 : 0;
                    entered = true;
                } else {
                    entry = events.next(entry);
                }
            } else {
                if (!events.isTail(entry) && events.position(entry) > frontier) {
                    frontier = events.position(entry);
                    culprit = events.operation(entry);
                }
                if (depth == 0) {
                    return Kind.EXHAUSTED;
                }
                depth--;
                int o = frameOp[depth];
                S before = (S) frameState[depth];
                List<S> alternatives = (List<S>) frameAlternatives[depth];
                int tried = frameAlternative[depth];
                frameState[depth] = null;
                frameAlternatives[depth] = null;
                entry = events.callOf(o);
                bits.remove(o);
                events.unlift(entry);
                remaining += events.hasReturn(o) ? 1 : 0;
                state = before;
                int chosen = push(o, entry, before, alternatives, tried + 1);
                if (chosen >= 0) {
                    state = alternatives.get(chosen);
                    remaining -= events.hasReturn(o) ? 1 : 0;
                    entered = true;
                } else {
                    entry = events.next(entry);
                }
            }
        }
    }

    private List<S> step(S state, int o) {
        List<S> next = spec.step(state, ops[o]);
        if (next == null) {
            throw new IllegalStateException("spec '" + spec.name() + "' returned null from step for " + ops[o]);
        }
        return next;
    }

    /**
     * Linearizes operation {@code o} with the first alternative from {@code from} on whose configuration is new;
     * returns that alternative's index, or -1 (leaving everything as it was) when all are known.
     */
    private int push(int o, int call, S state, List<S> alternatives, int from) {
        bits.add(o);
        for (int i = from; i < alternatives.size(); i++) {
            S s = alternatives.get(i);
            if (s == null) {
                throw new IllegalStateException("spec '" + spec.name() + "' returned a null state for " + ops[o]);
            }
            if (cache.add(bits, s)) {
                if (depth == frameOp.length) {
                    int n = depth * 2;
                    frameOp = Arrays.copyOf(frameOp, n);
                    frameState = Arrays.copyOf(frameState, n);
                    frameAlternatives = Arrays.copyOf(frameAlternatives, n);
                    frameAlternative = Arrays.copyOf(frameAlternative, n);
                }
                frameOp[depth] = o;
                frameState[depth] = state;
                frameAlternatives[depth] = alternatives;
                frameAlternative[depth] = i;
                depth++;
                events.lift(call);
                return i;
            }
        }
        bits.remove(o);
        return -1;
    }
}
