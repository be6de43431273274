package org.mpsharness.model.lin;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Cuts a non-linearizable partition down to a window a person can read.
 *
 * <p>Given the culprit (the operation whose response is the first that cannot be linearized, found by
 * {@link WingGongSearch}), the finder picks the latest position before the culprit's call at which no operation with a
 * response was running: a quiescent point. There the history splits exactly: every operation before it precedes every
 * operation after it, so the prefix can only leave the spec in one of a set of configurations, each a state plus the
 * set of earlier unknown-outcome operations that have already taken effect (those not yet taken may still take effect
 * later). The finder enumerates those configurations (less those dominated by another, which can do nothing the
 * other cannot), then confirms that from none of them the window (operations invoked from the quiescent point up to
 * the culprit's response) can be linearized. The decomposition is exact, so the
 * confirmation cannot fail unless the search is wrong; if it cannot be done within the time or configuration budget the
 * window falls back to the whole prefix from the initial state, which is always a correct, if larger, window.
 */
final class ViolationWindowFinder<S> {
    /** Beyond this many start configurations the window is no longer readable; fall back instead. */
    static final int MAX_CONFIGURATIONS = 20_000;

    private final Spec<S> spec;
    private final BooleanSupplier stop;

    ViolationWindowFinder(Spec<S> spec, BooleanSupplier stop) {
        this.spec = spec;
        this.stop = stop;
    }

    private record Config<S>(S state, BitSet appliedUnknown) {
    }

    ViolationWindow find(List<Operation> partition, Operation culprit, int index, int partitions) {
        long end = culprit.ret();
        List<Operation> relevant = new ArrayList<>();
        for (Operation op : partition) {
            if (op.call() <= end) {
                relevant.add(op);
            }
        }
        relevant.sort(Comparator.comparingLong(Operation::call));
        int culpritAt = indexOf(relevant, culprit);
        int start = lastQuiescentPoint(relevant, culpritAt);
        if (start > 0) {
            ViolationWindow w = windowAt(relevant, start, culprit, index, partitions, spec.init(partition));
            if (w != null) {
                return w;
            }
        }
        List<Config<S>> initial = List.of(new Config<>(spec.init(partition), new BitSet()));
        return build(relevant, 0, List.of(), initial, culprit, index, partitions, start == 0);
    }

    /**
     * The largest k &lt;= culpritAt such that every operation with a response among the first k returned before
     * operation k was called; 0 (the start) when there is none.
     */
    private static int lastQuiescentPoint(List<Operation> relevant, int culpritAt) {
        long maxRet = Long.MIN_VALUE;
        int best = 0;
        for (int k = 0; k <= culpritAt; k++) {
            if (k > 0 && maxRet < relevant.get(k).call()) {
                best = k;
            }
            Operation op = relevant.get(k);
            if (op.hasReturn()) {
                maxRet = Math.max(maxRet, op.ret());
            }
        }
        return best;
    }

    private ViolationWindow windowAt(List<Operation> relevant, int start, Operation culprit, int index,
                                     int partitions, S initial) {
        List<Operation> prefix = relevant.subList(0, start);
        List<Integer> unknownInPrefix = new ArrayList<>();
        for (int i = 0; i < prefix.size(); i++) {
            if (!prefix.get(i).hasReturn()) {
                unknownInPrefix.add(i);
            }
        }
        Set<Config<S>> configs = new LinkedHashSet<>();
        WingGongSearch.Outcome enumerated = new WingGongSearch<>(spec, prefix, stop).enumerate(
                List.of(new WingGongSearch.Start<>(initial, new int[0])), (state, bits) -> {
                    BitSet applied = new BitSet();
                    for (int u = 0; u < unknownInPrefix.size(); u++) {
                        if (bits.test(unknownInPrefix.get(u))) {
                            applied.set(u);
                        }
                    }
                    configs.add(new Config<>(state, applied));
                    return configs.size() <= MAX_CONFIGURATIONS;
                });
        if (enumerated.kind() != WingGongSearch.Kind.EXHAUSTED || configs.isEmpty()) {
            return null;
        }
        List<Operation> earlierUnknown = new ArrayList<>();
        for (int u : unknownInPrefix) {
            earlierUnknown.add(prefix.get(u));
        }
        // the window search: earlier unknown operations first (local indices 0..u-1), then the window operations
        List<Operation> searchOps = new ArrayList<>(earlierUnknown);
        for (Operation op : relevant.subList(start, relevant.size())) {
            searchOps.add(op.hasReturn() && op.ret() > culprit.ret() ? op.withoutReturn() : op);
        }
        List<WingGongSearch.Start<S>> starts = new ArrayList<>();
        for (Config<S> c : configs) {
            starts.add(new WingGongSearch.Start<>(c.state(), c.appliedUnknown().stream().toArray()));
        }
        WingGongSearch.Outcome confirmed = new WingGongSearch<>(spec, searchOps, stop).decide(starts);
        if (confirmed.kind() != WingGongSearch.Kind.NOT_LINEARIZABLE) {
            if (confirmed.kind() == WingGongSearch.Kind.LINEARIZABLE) {
                throw new IllegalStateException("checker inconsistency: the window before " + culprit
                        + " is linearizable although the prefix up to it is not");
            }
            return null;
        }
        return build(relevant, start, earlierUnknown, new ArrayList<>(configs), culprit, index, partitions, true);
    }

    private ViolationWindow build(List<Operation> relevant, int start, List<Operation> earlierUnknown,
                                  List<Config<S>> configs, Operation culprit, int index, int partitions,
                                  boolean narrowed) {
        List<S> states = new ArrayList<>();
        for (Config<S> c : configs) {
            if (!states.contains(c.state())) {
                states.add(c.state());
            }
        }
        List<Operation> window = relevant.subList(start, relevant.size());
        String report = new WindowReport<>(spec).render(index, partitions, culprit, window, earlierUnknown, states,
                start == 0, narrowed);
        return new ViolationWindow(index, partitions, culprit, window, earlierUnknown, new ArrayList<>(states),
                start == 0, narrowed, report);
    }

    private static int indexOf(List<Operation> ops, Operation op) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) == op) {
                return i;
            }
        }
        throw new IllegalArgumentException("culprit not in partition: " + op);
    }
}
