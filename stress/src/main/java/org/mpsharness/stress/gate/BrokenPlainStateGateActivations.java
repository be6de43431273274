package org.mpsharness.stress.gate;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.model.mutants.PlainStateCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (j), two streams activate at once on a seeded bug {@code PlainStateCommitGate}: afterwards both count as
 * active, and a commit-and-continue on either must be refused (the arbiter tries one on A). A lost activation in the
 * gate's count would let A continue while B works.
 *
 * <p>Control: the state word as a plain long. Expected outcome: "1, 2".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 1,757,377 of 4,317,222 / 1,066,087 of 2,715,909 / 105,136 of
 * 916,532 / 288,393 of 808,624. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   0, 2       2,559,845  Acceptable
 *   1, 2       1,757,377  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "two active streams; commit-and-continue refused")
@Outcome(id = "1, 2", expect = FORBIDDEN, desc = "commit-and-continue allowed with two active streams (count lost)")
@Outcome(expect = FORBIDDEN, desc = "active streams miscounted")
@State
public class BrokenPlainStateGateActivations {
    private static final MpsStream A = Fixtures.stream(1);
    private static final MpsStream B = Fixtures.stream(2);
    private final CommitGate gate = new PlainStateCommitGate();

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
