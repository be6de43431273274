package org.mpsharness.model.check;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The contract checks: per component, targeted sequential and small multi-threaded scenarios. */
public final class Contracts {
    private Contracts() {
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("contract violated: " + what);
        }
    }

    /** Sleeps; an interrupt ends the sleep early and stays set for the caller's next wait. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code t} waits: parked, or blocked on a monitor. */
    static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
    }

    /**
     * Spins (then yields) until {@code t} waits, for at most two seconds (a design that spins never parks); whether
     * it was seen waiting.
     */
    static boolean awaitParked(Thread t) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; System.nanoTime() - end < 0; i++) {
            if (parked(t)) {
                return true;
            }
            if (i < 200) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return false;
    }

    /** The contract of the variant's component (its descriptor says which). */
    public static List<Check> all() {
        return List.of(new Check() {
            @Override
            public String name() {
                return "contract";
            }

            @Override
            public boolean appliesTo(Component c) {
                return true;
            }

            @Override
            public void run(Class<?> impl, Component c) throws Exception {
                c.contract(impl, c.design(impl));
            }
        });
    }
}
