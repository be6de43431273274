package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Every applicable check, run on one implementation: the contract, the workload, the recorded history, Lincheck in
 * both modes. Used by the
 * seeded-bug catalog test and by {@code ./harness check --design}.
 */
public final class CheckSuite {
    private final List<Check> checks = new ArrayList<>();

    /** Cheapest first: contract, workload, history, Lincheck stress, Lincheck model checking. */
    public CheckSuite() {
        checks.addAll(Contracts.all());
        checks.add(new WorkloadCheck());
        checks.add(new HistoryCheck());
        List<Check> lin = LincheckChecks.all();
        checks.add(lin.get(1));
        checks.add(lin.get(0));
    }

    /** Adds a check (the history checker registers itself here). */
    public CheckSuite with(Check c) {
        checks.add(c);
        return this;
    }

    public List<Check> checks() {
        return checks;
    }

    /** Runs every applicable check on {@code impl}, recording each verdict and its trace. */
    public List<CheckOutcome> run(Class<?> impl) {
        return run(impl, false);
    }

    /** As {@link #run(Class)}; with {@code untilFirstFailure} it stops at the first rejection (catalog quick mode). */
    public List<CheckOutcome> run(Class<?> impl, boolean untilFirstFailure) {
        Component c = Component.of(impl);
        if (c == null) {
            throw new IllegalArgumentException(impl.getName() + " implements none of the checkable interfaces "
                    + "(SlotFreelist, OncePerSlot, CommitGate, StreamPool, CachingAllocator)");
        }
        List<CheckOutcome> out = new ArrayList<>();
        for (Check check : checks) {
            if (check.appliesTo(c)) {
                CheckOutcome o = runOne(check, impl, c);
                out.add(o);
                if (untilFirstFailure && o.failed()) {
                    break;
                }
            }
        }
        return out;
    }

    static CheckOutcome runOne(Check check, Class<?> impl, Component c) {
        long t0 = System.nanoTime();
        try {
            check.run(impl, c);
            return new CheckOutcome(check.name(), CheckOutcome.Verdict.PASS, null, System.nanoTime() - t0);
        } catch (AssertionError | Exception e) {
            return new CheckOutcome(check.name(), CheckOutcome.Verdict.FAIL, describe(e), System.nanoTime() - t0);
        } catch (Error e) {
            return new CheckOutcome(check.name(), CheckOutcome.Verdict.ERROR, describe(e), System.nanoTime() - t0);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String head = e.getClass().getName() + (m == null ? "" : ": " + m);
        StackTraceElement[] st = e.getStackTrace();
        StringBuilder sb = new StringBuilder(head);
        for (int i = 0; i < Math.min(6, st.length); i++) {
            sb.append("\n\tat ").append(st[i]);
        }
        return sb.toString();
    }
}
