package org.mpsharness.stress.gate;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.model.mutants.UsersFirstCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (j), a second stream activates during a commit-and-continue: stream A is active on a seeded bug {@code
 * UsersFirstCommitGate}; one thread tries a commit-and-continue on A and, while it holds it, counts the active streams;
 * the other thread activates stream B. The gate's safety property: no commit-and-continue in progress while another
 * stream counts as active — so either A continued alone (B's activation waited for the end) or A was refused. The
 * arbiter then asks for a commit-and-continue on A again, which must be refused since B is active (the state word
 * counted B).
 *
 * <p>Control: activation counts itself on its stream before the state word. Expected outcome: "1, 2, 0".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 132,309 of 4,768,694 / 89,837 of 2,988,122 / 42,602 of 2,976,329 /
 * 23,667 of 1,286,624. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   0, 0, 0       866,150  Acceptable
 *   1, 1, 0     3,770,235  Acceptable
 *   1, 2, 0       132,309  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 1, 0", "0, 0, 0"}, expect = ACCEPTABLE, desc = "A continued alone, or was refused; refused later")
@Outcome(id = "1, 2, .*", expect = FORBIDDEN, desc = "commit-and-continue in progress while B counts as active")
@Outcome(expect = FORBIDDEN, desc = "after both, A may still commit-and-continue with B active (r3 = 1)")
@State
public class BrokenUsersFirstGateSecondStream {
    private static final MpsStream A = Fixtures.stream(1);
    private static final MpsStream B = Fixtures.stream(2);
    private final CommitGate gate = new UsersFirstCommitGate();

    public BrokenUsersFirstGateSecondStream() {
        gate.activate(A);
    }

    @Actor
    public void committer(III_Result r) {
        A.underMutex(() -> { // a decision runs under its stream's mutex (CommitGate contract)
            if (gate.tryBeginContinue(A)) {
                r.r1 = 1;
                r.r2 = gate.activeStreams();
                gate.endContinue(A);
            }
            return null;
        });
    }

    @Actor
    public void activator() {
        gate.activate(B);
    }

    @Arbiter
    public void check(III_Result r) {
        A.underMutex(() -> { // a decision runs under its stream's mutex (CommitGate contract)
            if (gate.tryBeginContinue(A)) {
                r.r3 = 1;
                gate.endContinue(A);
            }
            return null;
        });
    }
}
