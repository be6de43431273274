package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * The Wing &amp; Gong backtracking search for a linearization of one (partition of a) history, with Lowe's memoization
 * of configurations, in the form Porcupine made fast; extended to nondeterministic specs and to operations of unknown
 * outcome.
 *
 * <p>How it works: walk the {@link EventList} from its head. At a call event, try to linearize that operation now
 * (the spec must accept it in the current state); if the resulting configuration is new, push a frame, lift the
 * operation out of the list and start again from the head. At the first return event, the operation it belongs to has
 * not been linearized although it has already responded, so no order can continue without it: after trying the
 * unknown-outcome operations called before that point, pop the last frame and try the next alternative (next state of
 * a nondeterministic step, or the next call). A branch succeeds when every operation that has a response is
 * linearized; unknown-outcome operations need not be, which is exactly "may never take effect", and since they can be
 * tried before any later return they may take effect at any point after their call.
 *
 * <p>Unknown-outcome operations are tried after the operations that responded, not in call order. Combined with the
 * cache's dominance rule ({@link ConfigurationCache}) this keeps crashed writes from multiplying the search: the
 * branch that leaves a crashed write out is explored first, so a later branch that applied it and reached the same
 * state has nothing new and is pruned.
 *
 * <p>The furthest return event at which the search ever had to backtrack is the first response of the history that
 * cannot be linearized (every earlier prefix has been linearized on some branch, and no later one could be); the
 * {@link ViolationWindowFinder} builds its report around it.
 *
 * <p>A search can run in slices ({@link #advance}) so that callers can share threads between partitions. An instance
 * runs one search and is then spent.
 */
final class WingGongSearch<S> {

    /** Where a search begins: a state, and operations (local indices) taken to be linearized already. */
    record Start<S>(S state, int[] linearized) {
    }

    /**
     * Receives each explored configuration in which every operation with a response is linearized. Configurations
     * dominated by an explored one (see {@link ConfigurationCache}) are not explored, so not reported either: whatever
     * they could lead to, the dominating one can too.
     */
    interface Sink<S> {
        /** Returns false to stop the enumeration. {@code linearized} tells which operations (local indices) are. */
        boolean accept(S state, IntPredicate linearized);
    }

    enum Kind { LINEARIZABLE, NOT_LINEARIZABLE, EXHAUSTED, STOPPED }

    /**
     * @param culprit        for NOT_LINEARIZABLE: the local index of the operation whose response is the first that
     *                       cannot be linearized
     * @param linearization  for LINEARIZABLE: local indices in linearization order
     * @param configurations number of configurations stored in the cache
     */
    record Outcome(Kind kind, int culprit, List<Integer> linearization, long configurations) {
    }

    private final Spec<S> spec;
    private final Operation[] ops;
    private final EventList events;
    /** The linearized operations that have a response, by local index. */
    private final LinearizedSet definite;
    /** The linearized operations of unknown outcome, by their rank among those. */
    private final LinearizedSet unknown;
    private final int[] unknownRank;
    private final ConfigurationCache cache = new ConfigurationCache();
    private final BooleanSupplier stop;

    // the stack of linearized operations
    private int depth;
    private int[] frameOp = new int[64];
    private Object[] frameState = new Object[64];
    private List<?>[] frameAlternatives = new List<?>[64];
    private int[] frameAlternative = new int[64];
    /** For an unknown-outcome operation: the position before which it was tried (see {@link #limit}). */
    private long[] frameLimit = new long[64];

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
    /** The event the walk is at: in the main list, or in the unknown list when {@link #inUnknown}. */
    private int entry;
    private boolean inUnknown;
    /** While in the unknown list: only operations called at or before this position may go next. */
    private long limit;

    /**
     * @param ops  the operations; those without a response are optional
     * @param stop polled regularly (and before the first step); when it answers true the search gives up
     */
    WingGongSearch(Spec<S> spec, List<Operation> ops, BooleanSupplier stop) {
        this.spec = spec;
        this.ops = ops.toArray(new Operation[0]);
        this.events = new EventList(ops);
        this.stop = stop;
        this.unknownRank = new int[ops.size()];
        int unknowns = 0;
        for (int i = 0; i < ops.size(); i++) {
            unknownRank[i] = ops.get(i).hasReturn() ? -1 : unknowns++;
        }
        this.definite = new LinearizedSet(ops.size());
        this.unknown = new LinearizedSet(unknowns);
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

    /** Prepares a search that {@link #advance} then runs in slices; with a sink, an enumeration. */
    void begin(List<Start<S>> starts, Sink<S> sink) {
        if (this.starts != null) {
            throw new IllegalStateException("a search runs once");
        }
        this.starts = starts;
        this.sink = sink;
    }

    /**
     * Runs up to about {@code budget} more iterations. Returns {@code null} when the budget ran out first; otherwise
     * the final outcome (after which the search must not be advanced again).
     */
    Outcome advance(long budget) {
        long until = iterations + budget < iterations ? Long.MAX_VALUE : iterations + budget;
        while (true) {
            if (!active) {
                if (nextStart == starts.size()) {
                    return sink != null ? outcome(Kind.EXHAUSTED, -1, List.of())
                            : outcome(Kind.NOT_LINEARIZABLE, culprit, List.of());
                }
                Start<S> start = starts.get(nextStart++);
                remaining = events.operationsWithReturn();
                for (int o : start.linearized()) {
                    mark(o);
                    events.lift(events.callOf(o));
                    remaining -= events.hasReturn(o) ? 1 : 0;
                }
                state = start.state();
                entered = true;
                active = cache.add(definite, unknown, start.state());
                if (!active) {
                    unliftStart(start);
                    continue;
                }
            }
            Kind kind = explore(until);
            if (kind == null) {
                return null;
            }
            if (kind == Kind.LINEARIZABLE) {
                List<Integer> order = new ArrayList<>();
                for (int o : starts.get(nextStart - 1).linearized()) {
                    order.add(o);
                }
                for (int i = 0; i < depth; i++) {
                    order.add(frameOp[i]);
                }
                return outcome(kind, -1, order);
            }
            if (kind == Kind.STOPPED) {
                return outcome(kind, -1, List.of());
            }
            active = false;
            unliftStart(starts.get(nextStart - 1));
        }
    }

    private Outcome outcome(Kind kind, int culpritOp, List<Integer> order) {
        return new Outcome(kind, culpritOp, order, cache.size());
    }

    private void unliftStart(Start<S> start) {
        int[] pre = start.linearized();
        for (int i = pre.length - 1; i >= 0; i--) {
            events.unlift(events.callOf(pre[i]));
            unmark(pre[i]);
        }
    }

    /**
     * The search proper, from where it stands until an answer, or {@code null} once {@code until} iterations have
     * been used, with its position kept in the fields so that it can go on later.
     */
    @SuppressWarnings("unchecked")
    private Kind explore(long until) {
        while (true) {
            if (entered) {
                entered = false;
                if (remaining == 0) {
                    if (sink == null) {
                        return Kind.LINEARIZABLE;
                    }
                    if (!sink.accept(state, this::isLinearized)) {
                        return Kind.STOPPED;
                    }
                }
                entry = events.first();
                inUnknown = false;
            }
            if ((iterations & 63) == 0) {
                if (stop.getAsBoolean()) {
                    return Kind.STOPPED;
                }
                if (iterations >= until) {
                    return null;
                }
            }
            iterations++;
            if (!inUnknown && events.isCall(entry)) {
                entry = tryNow(entry) ? entry : events.next(entry);
            } else if (!inUnknown) {
                // the first return still in the list: its operation must go first, or this branch is dead; only
                // unknown-outcome operations called before it may still go in between
                if (!events.isTail(entry) && events.position(entry) > frontier) {
                    frontier = events.position(entry);
                    culprit = events.operation(entry);
                }
                limit = events.isTail(entry) ? Long.MAX_VALUE : events.position(entry);
                inUnknown = true;
                entry = events.firstUnknown();
            } else if (!events.isUnknownEnd(entry) && events.position(entry) <= limit) {
                entry = tryNow(entry) ? entry : events.next(entry);
            } else if (depth == 0) {
                return Kind.EXHAUSTED;
            } else {
                backtrack();
            }
        }
    }

    /** Tries to linearize the operation of call event {@code call} now; true (and a new node entered) on success. */
    private boolean tryNow(int call) {
        int o = events.operation(call);
        List<S> next = spec.step(state, ops[o]);
        if (next == null) {
            throw new IllegalStateException("spec '" + spec.name() + "' returned null from step for " + ops[o]);
        }
        return push(o, call, next, 0);
    }

    /** Undoes the last linearization and tries its next alternative, or moves the walk past it. */
    @SuppressWarnings("unchecked")
    private void backtrack() {
        depth--;
        int o = frameOp[depth];
        List<S> alternatives = (List<S>) frameAlternatives[depth];
        int tried = frameAlternative[depth];
        state = (S) frameState[depth];
        frameState[depth] = null;
        frameAlternatives[depth] = null;
        int call = events.callOf(o);
        unmark(o);
        events.unlift(call);
        remaining += events.hasReturn(o) ? 1 : 0;
        inUnknown = !events.hasReturn(o);
        limit = frameLimit[depth];
        entry = push(o, call, alternatives, tried + 1) ? entry : events.next(call);
    }

    /**
     * Linearizes operation {@code o} with the first alternative from {@code from} on whose configuration is new, and
     * enters that node; returns false, leaving everything as it was, when none is new.
     */
    private boolean push(int o, int call, List<S> alternatives, int from) {
        mark(o);
        for (int i = from; i < alternatives.size(); i++) {
            S s = alternatives.get(i);
            if (s == null) {
                throw new IllegalStateException("spec '" + spec.name() + "' returned a null state for " + ops[o]);
            }
            if (!(unknownRank[o] >= 0 && reachableWithFewerUnknowns(o, s)) && cache.add(definite, unknown, s)) {
                if (depth == frameOp.length) {
                    int n = depth * 2;
                    frameOp = Arrays.copyOf(frameOp, n);
                    frameState = Arrays.copyOf(frameState, n);
                    frameAlternatives = Arrays.copyOf(frameAlternatives, n);
                    frameAlternative = Arrays.copyOf(frameAlternative, n);
                    frameLimit = Arrays.copyOf(frameLimit, n);
                }
                frameOp[depth] = o;
                frameState[depth] = state;
                frameAlternatives[depth] = alternatives;
                frameAlternative[depth] = i;
                frameLimit[depth] = limit;
                depth++;
                events.lift(call);
                remaining -= events.hasReturn(o) ? 1 : 0;
                state = s;
                entered = true;
                return true;
            }
        }
        unmark(o);
        return false;
    }

    /**
     * Whether applying unknown-outcome operation {@code o} to reach {@code s} is pointless because the same state is
     * reached by applying it at an earlier node of the current run of consecutive unknown-outcome operations, that is,
     * with some of them left out. That node has the same operations with a response linearized and fewer unknown
     * ones, so it dominates, and the search explores it anyway (it is an ancestor, and {@code o} can go there too).
     * Without this, a run of crashed writes would be explored in every subset, although only the last write of a
     * run survives it.
     */
    @SuppressWarnings("unchecked")
    private boolean reachableWithFewerUnknowns(int o, S s) {
        for (int j = depth - 1; j >= 0 && unknownRank[frameOp[j]] >= 0; j--) {
            if (spec.step((S) frameState[j], ops[o]).contains(s)) {
                return true;
            }
        }
        return false;
    }

    private void mark(int o) {
        if (unknownRank[o] < 0) {
            definite.add(o);
        } else {
            unknown.add(unknownRank[o]);
        }
    }

    private void unmark(int o) {
        if (unknownRank[o] < 0) {
            definite.remove(o);
        } else {
            unknown.remove(unknownRank[o]);
        }
    }

    private boolean isLinearized(int o) {
        return unknownRank[o] < 0 ? definite.contains(o) : unknown.contains(unknownRank[o]);
    }
}
