package org.mpsharness.stress.gate;

import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The shared-stream race of the {@code *SharedStream} and {@code wide.*ThreeUsers} tests, one instance per jcstress
 * state: stream {@code s} has two users from the start; user 1 keeps deciding on s (under its mutex) and watches,
 * inside each continue, whether the other stream {@code o} is active; user 2 keeps moving from s to o and back
 * (activate o, leave s; come back to s, leave o), as a thread that switches from the default stream to its worker
 * stream; an optional third user keeps coming and going on s.
 *
 * <p>Why one thread makes both changes: the counting gate's ABA needs a +1 on another stream and a −1 on s inside one
 * decision's read-to-CAS window (tens of nanoseconds); made back to back by one thread they land there often, made by
 * two threads almost never (GateContract's measurements).
 *
 * <p>Result: {@code r1} = 1 when a continue on s saw o active (its activation finished, or the gate counted it),
 * {@code r2} = 1 when at least one decision allowed a continue.
 */
public final class SharedStreamRace {
    /** Decisions, moves or visits per actor call: a few, so that each jcstress sample races many times. */
    public static final int ROUNDS = 16;
    /** Spins inside a continue during which o's activation must not finish. */
    private static final int WATCH_SPINS = 8;

    private final CommitGate gate;
    private final MpsStream s;
    private final MpsStream o;
    private volatile boolean otherActive;

    public SharedStreamRace(CommitGate gate, MpsStream s, MpsStream o) {
        this.gate = gate;
        this.s = s;
        this.o = o;
        gate.activate(s); // user 1
        gate.activate(s); // user 2
    }

    /** User 1. */
    public void decide(II_Result r) {
        for (int i = 0; i < ROUNDS; i++) {
            s.underMutex(() -> {
                if (gate.tryBeginContinue(s)) {
                    r.r2 = 1;
                    boolean seen = otherActive;
                    for (int k = 0; k < WATCH_SPINS && !seen; k++) {
                        Thread.onSpinWait();
                        seen = otherActive;
                    }
                    if (seen || gate.activeStreams() > 1) {
                        r.r1 = 1;
                    }
                    gate.endContinue(s);
                }
                return null;
            });
        }
    }

    /** User 2: from s to o and back. */
    public void move() {
        for (int i = 0; i < ROUNDS; i++) {
            gate.activate(o);
            gate.deactivate(s);
            otherActive = true;
            Thread.onSpinWait();
            otherActive = false;
            gate.activate(s);
            gate.deactivate(o);
        }
    }

    /** Counts user 3 (three-actor tests) on s before the actors start. */
    public void addUser() {
        gate.activate(s);
    }

    /** User 3 (three-actor tests, after {@link #addUser}): leaves s and comes back. */
    public void visit() {
        for (int i = 0; i < ROUNDS; i++) {
            gate.deactivate(s);
            gate.activate(s);
        }
    }
}
