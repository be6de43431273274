package org.mpsharness.model.lin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Decides whether a history is linearizable with respect to a {@link Spec}.
 *
 * <p>The history is split by the spec's {@link Spec#partition} and each part is searched independently
 * ({@link WingGongSearch}) on up to {@code threads} threads. Parts are searched in rounds: each undecided part gets a
 * slice of search iterations, and the slice doubles every round. This matters because parts differ wildly: refuting a
 * bad part can take microseconds while another part of the same history takes minutes, and the answer is
 * {@link Verdict#VIOLATION} as soon as any part fails. Slicing by iterations rather than by time keeps the report
 * deterministic: the reported part is the lowest-numbered one that failed in the first round in which any failed.
 * The answer is {@link Verdict#UNKNOWN} when the time limit runs out first, and {@link Verdict#OK} only when every
 * part was shown linearizable.
 *
 * <p>Instances are immutable and thread-safe; the {@code with...} methods return modified copies.
 */
public final class LinearizabilityChecker {
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(60);
    /** Search iterations each undecided partition gets in the first round; each round doubles it. */
    private static final long FIRST_SLICE = 1 << 14;
    private static final long MAX_SLICE = 1L << 26;

    private final Duration timeLimit;
    private final int threads;
    private final boolean windows;

    public LinearizabilityChecker() {
        this(DEFAULT_TIME_LIMIT, Runtime.getRuntime().availableProcessors(), true);
    }

    private LinearizabilityChecker(Duration timeLimit, int threads, boolean windows) {
        if (timeLimit.isNegative()) {
            throw new IllegalArgumentException("negative time limit " + timeLimit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.timeLimit = timeLimit;
        this.threads = threads;
        this.windows = windows;
    }

    /**
     * The time the search may take before the verdict is {@link Verdict#UNKNOWN}; zero gives up at once. Computing
     * the violation window afterwards gets a budget of its own of the same length (and falls back to a larger
     * window, never to a different verdict, when that runs out).
     */
    public LinearizabilityChecker withTimeLimit(Duration limit) {
        return new LinearizabilityChecker(limit, threads, windows);
    }

    public LinearizabilityChecker withThreads(int n) {
        return new LinearizabilityChecker(timeLimit, n, windows);
    }

    /** Whether to compute the violation window (on by default; off gives the bare verdict, as benchmarks compare). */
    public LinearizabilityChecker withViolationWindow(boolean on) {
        return new LinearizabilityChecker(timeLimit, threads, on);
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Checks a history.
     *
     * <p>Running out of heap is an answer, not a crash: the search's memo table is what grows, and it becomes garbage
     * as soon as the search is abandoned, so the error is caught and the verdict is {@link Verdict#UNKNOWN} with
     * {@link CheckResult#outOfMemory()} (or a {@link Verdict#VIOLATION} without its window, when only the window's
     * search ran out). Never a pass, and never mistaken for a violation.
     *
     * @throws IllegalArgumentException when the spec rejects an operation ({@link Spec#validate}); the message names
     *                                  the operation
     */
    public <S> CheckResult check(Spec<S> spec, List<Operation> history) {
        long started = System.nanoTime();
        for (Operation op : history) {
            try {
                spec.validate(op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation at " + op.call() + " (" + op + "): " + e.getMessage(), e);
            }
        }
        Progress progress = new Progress();
        try {
            return decide(spec, history, started, progress);
        } catch (OutOfMemoryError e) {
            return result(Verdict.UNKNOWN, spec, history, progress.partitions, progress.decided(), started, null,
                    List.of(), true);
        }
    }

    /** What {@link #check} had got to, so that a result can still be reported when the heap runs out. */
    private static final class Progress {
        int partitions;
        WingGongSearch.Outcome[] outcomes = new WingGongSearch.Outcome[0];

        int decided() {
            int n = 0;
            for (WingGongSearch.Outcome o : outcomes) {
                if (o != null && o.kind() != WingGongSearch.Kind.STOPPED) {
                    n++;
                }
            }
            return n;
        }
    }

    private <S> CheckResult decide(Spec<S> spec, List<Operation> history, long started, Progress progress) {
        long deadline = deadlineAfter(started, timeLimit);
        List<List<Operation>> parts = spec.partition(history);
        int n = parts.size();
        progress.partitions = n;
        progress.outcomes = new WingGongSearch.Outcome[n];
        WingGongSearch.Outcome[] outcomes = progress.outcomes;
        searchInRounds(spec, parts, outcomes, () -> System.nanoTime() - deadline >= 0);
        int failed = Integer.MAX_VALUE;
        for (int i = n - 1; i >= 0; i--) {
            if (outcomes[i] != null && outcomes[i].kind() == WingGongSearch.Kind.NOT_LINEARIZABLE) {
                failed = i;
            }
        }

        int decided = progress.decided();
        if (failed != Integer.MAX_VALUE) {
            ViolationWindow window = null;
            boolean windowOutOfMemory = false;
            if (windows) {
                long windowDeadline = deadlineAfter(System.nanoTime(), timeLimit);
                List<Operation> part = parts.get(failed);
                Operation culprit = part.get(outcomes[failed].culprit());
                try {
                    window = new ViolationWindowFinder<>(spec, () -> System.nanoTime() - windowDeadline >= 0)
                            .find(part, culprit, failed, n);
                } catch (OutOfMemoryError e) {
                    windowOutOfMemory = true; // the verdict stands; only its explanation is missing
                }
            }
            return result(Verdict.VIOLATION, spec, history, n, decided, started, window, List.of(),
                    windowOutOfMemory);
        }
        if (decided < n) {
            return result(Verdict.UNKNOWN, spec, history, n, decided, started, null, List.of(), false);
        }
        List<List<Operation>> linearization = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Operation> part = parts.get(i);
            List<Operation> ordered = new ArrayList<>();
            for (int local : outcomes[i].linearization()) {
                ordered.add(part.get(local));
            }
            linearization.add(List.copyOf(ordered));
        }
        return result(Verdict.OK, spec, history, n, decided, started, null, List.copyOf(linearization), false);
    }

    /**
     * Searches every partition in rounds of doubling slices until one fails, time runs out, or all are decided.
     * Fills in the outcome per partition; null for those left undecided.
     */
    private <S> void searchInRounds(Spec<S> spec, List<List<Operation>> parts, WingGongSearch.Outcome[] outcomes,
                                    BooleanSupplier stop) {
        int n = parts.size();
        List<WingGongSearch<S>> searches = new ArrayList<>(Collections.nCopies(n, null));
        List<Integer> pending = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        pending.sort(Comparator.comparingInt((Integer i) -> -parts.get(i).size()));
        boolean over = false;
        for (long budget = FIRST_SLICE; !pending.isEmpty() && !over; budget = Math.min(budget * 2, MAX_SLICE)) {
            long slice = budget;
            runAll(pending, i -> {
                WingGongSearch<S> search = searches.get(i);
                if (search == null) {
                    search = new WingGongSearch<>(spec, parts.get(i), stop);
                    search.begin(List.of(new WingGongSearch.Start<>(spec.init(parts.get(i)), new int[0])), null);
                    searches.set(i, search);
                }
                WingGongSearch.Outcome outcome = search.advance(slice);
                if (outcome != null) {
                    outcomes[i] = outcome;
                    searches.set(i, null);
                }
            });
            List<Integer> still = new ArrayList<>();
            for (int i : pending) {
                if (outcomes[i] == null) {
                    still.add(i);
                } else {
                    over |= outcomes[i].kind() != WingGongSearch.Kind.LINEARIZABLE;
                }
            }
            pending = still;
        }
    }

    private CheckResult result(Verdict verdict, Spec<?> spec, List<Operation> history, int partitions, int decided,
                               long started, ViolationWindow window, List<List<Operation>> linearization,
                               boolean outOfMemory) {
        return new CheckResult(verdict, spec.name(), history.size(), partitions, decided,
                Duration.ofNanos(System.nanoTime() - started), timeLimit, window, linearization, outOfMemory);
    }

    private static long deadlineAfter(long now, Duration limit) {
        long nanos;
        try {
            nanos = limit.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        return now + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    private interface Task {
        void run(int index);
    }

    /**
     * Runs the task for every index, on this thread and up to {@code threads - 1} helpers pulling from one queue. The
     * first exception or error of any of them stops the others taking new tasks and is rethrown here as it is, so that
     * an {@link OutOfMemoryError} in a helper reaches {@link #check} like one on this thread.
     */
    private void runAll(List<Integer> order, Task task) {
        AtomicInteger nextIndex = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int k;
            while (failure.get() == null && (k = nextIndex.getAndIncrement()) < order.size()) {
                try {
                    task.run(order.get(k));
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        int helpers = Math.min(threads, order.size()) - 1;
        List<Thread> started = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            Thread t = new Thread(worker, "linearizability-checker-" + h);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        worker.run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking", e);
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }
}
