package org.mpsharness.model.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.model.lincheck.LincheckRunner;

/**
 * Every applicable check, run on one implementation: the contract, the workload, the recorded history, Lincheck in
 * both modes. Used by the seeded-bug catalog test and by {@code ./harness check --design} (through {@link CheckMain},
 * in a JVM of its own). Each check runs under a time limit ({@link BoundedRun}); what ended a check is attributed to
 * the design or to the harness by {@link FaultAttribution}.
 */
public final class CheckSuite {
    /** System property: the time limit of one check, in seconds (default {@link #defaultTimeLimit()}). */
    public static final String TIME_LIMIT_PROPERTY = "harness.checkTimeoutSeconds";
    /**
     * Default time limit of one check in quick mode. The slowest quick check of a correct design (the allocator's model
     * checking) needs about 45 s of CPU; on the 2-core build machine at load 11 to 14 it got a quarter of a core, so
     * 120 s was not enough there. 300 s leaves that margin, and is what a design that hangs costs per check.
     */
    public static final Duration QUICK_LIMIT = Duration.ofSeconds(300);
    /** Default time limit of one check in thorough mode ({@code harness.thorough=true}: minutes per check). */
    public static final Duration THOROUGH_LIMIT = Duration.ofSeconds(1800);

    private final List<Check> checks = new ArrayList<>();
    private Duration timeLimit = defaultTimeLimit();

    /** Cheapest first: contract, workload, history, Lincheck stress, Lincheck model checking. */
    public CheckSuite() {
        checks.addAll(Contracts.all());
        checks.add(new WorkloadCheck());
        checks.add(new HistoryCheck());
        List<Check> lin = LincheckChecks.all();
        checks.add(lin.get(1));
        checks.add(lin.get(0));
    }

    /** The property {@value #TIME_LIMIT_PROPERTY} if set, else {@link #QUICK_LIMIT} or {@link #THOROUGH_LIMIT}. */
    public static Duration defaultTimeLimit() {
        long s = Long.getLong(TIME_LIMIT_PROPERTY, 0);
        return s > 0 ? Duration.ofSeconds(s) : LincheckRunner.thorough() ? THOROUGH_LIMIT : QUICK_LIMIT;
    }

    /** Adds a check (the history checker registers itself here). */
    public CheckSuite with(Check c) {
        checks.add(c);
        return this;
    }

    /** Sets the time limit of each check (a check still running then is a {@code TIMEOUT}). */
    public CheckSuite timeLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive: " + limit);
        }
        this.timeLimit = limit;
        return this;
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    public List<Check> checks() {
        return checks;
    }

    /** The names of the checks that apply to {@code impl}, in the order they run. */
    public List<String> applicable(Class<?> impl) {
        Component c = component(impl);
        List<String> names = new ArrayList<>();
        for (Check check : checks) {
            if (check.appliesTo(c)) {
                names.add(check.name());
            }
        }
        return names;
    }

    /** Runs every applicable check on {@code impl}, recording each verdict and its trace. */
    public List<CheckOutcome> run(Class<?> impl) {
        return run(impl, false);
    }

    /** As {@link #run(Class)}; with {@code untilFirstFailure} it stops at the first rejection (catalog quick mode). */
    public List<CheckOutcome> run(Class<?> impl, boolean untilFirstFailure) {
        Component c = component(impl);
        List<CheckOutcome> out = new ArrayList<>();
        for (Check check : checks) {
            if (check.appliesTo(c)) {
                CheckOutcome o = BoundedRun.run(check, impl, c, timeLimit);
                out.add(o);
                if (untilFirstFailure && o.rejected()) {
                    break;
                }
            }
        }
        return out;
    }

    /** Runs the applicable check named {@code name} on {@code impl}. */
    public CheckOutcome run(Class<?> impl, String name) {
        Component c = component(impl);
        for (Check check : checks) {
            if (check.name().equals(name) && check.appliesTo(c)) {
                return BoundedRun.run(check, impl, c, timeLimit);
            }
        }
        throw new IllegalArgumentException("no check '" + name + "' applies to " + impl.getName() + " (applicable: "
                + String.join(", ", applicable(impl)) + ")");
    }

    private static Component component(Class<?> impl) {
        Component c = Component.of(impl);
        if (c == null) {
            throw new IllegalArgumentException(impl.getName() + " implements none of the checkable interfaces "
                    + "(SlotFreelist, OncePerSlot, CommitGate, StreamPool, CachingAllocator)");
        }
        return c;
    }
}
