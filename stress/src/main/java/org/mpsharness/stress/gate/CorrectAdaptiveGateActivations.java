package org.mpsharness.stress.gate;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (j), two streams activate at once on an improved {@code AdaptiveCommitGate}: afterwards both count as active,
 * and a commit-and-continue on either must be refused (the arbiter tries one on A). A lost activation in the gate's
 * count would let A continue while B works.
 *
 * <p>Justifies: activations counted by an atomic add on each stream's own users word (no lost update), and
 * {@code activeStreams} as two identical collects.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-30, the Dekker gate; jcstress 0.16 quick mode, reduced JVM
 * matrix: 2 JVMs, load average about 12), all configurations, no forbidden outcome:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   0, 2          51,876  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "two active streams; commit-and-continue refused")
@Outcome(id = "1, 2", expect = FORBIDDEN, desc = "commit-and-continue allowed with two active streams (count lost)")
@Outcome(expect = FORBIDDEN, desc = "active streams miscounted")
@State
public class CorrectAdaptiveGateActivations {
    private static final MpsStream A = Fixtures.stream(1);
    private static final MpsStream B = Fixtures.stream(2);
    private final CommitGate gate = new AdaptiveCommitGate();

    @Actor
    public void a() {
        gate.activate(A);
    }

    @Actor
    public void b() {
        gate.activate(B);
    }

    @Arbiter
    public void check(II_Result r) {
        A.underMutex(() -> { // a decision runs under its stream's mutex (CommitGate contract)
            if (gate.tryBeginContinue(A)) {
                r.r1 = 1;
                gate.endContinue(A);
            }
            return null;
        });
        r.r2 = gate.activeStreams();
    }
}
