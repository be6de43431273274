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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (j), a bias revoked during a continue: stream A is active alone and has continued once on the fixed
 * {@code AdaptiveCommitGate}, so its next decision is the fast path (two loads, no write); one thread makes that decision under A's mutex and
 * watches, inside the continue, whether stream B's activation finished; the other thread activates B, which must
 * revoke A's bias and, until A's continue ends, wait. The arbiter asks for a continue on A again: refused (B is
 * active).
 *
 * <p>Justifies: the revocation's last step ({@code REVOKING(A) -> NONE}, a release store) made under A's mutex,
 * which waits out every decision that read the old {@code BIASED(A)} word.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-30; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs,
 * load average about 12), all configurations, no forbidden outcome:
 * <pre>
 *   RESULT      SAMPLES  EXPECT
 *   0, 0, 0     28,690  Acceptable
 *   1, 0, 0     51,473  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 0", "0, 0, 0"}, expect = ACCEPTABLE, desc = "A continued before B was active, or was refused")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "B's activation finished during A's commit-and-continue")
@Outcome(expect = FORBIDDEN, desc = "after both, A may still commit-and-continue with B active (r3 = 1)")
@State
public class CorrectAdaptiveGateRevocation {
    private static final int WATCH_SPINS = 64;
    private static final MpsStream A = Fixtures.stream(1);
    private static final MpsStream B = Fixtures.stream(2);
    private final CommitGate gate = new AdaptiveCommitGate();
    private volatile boolean bActive;

    public CorrectAdaptiveGateRevocation() {
        gate.activate(A);
        decide(); // A continued alone once: biased
    }

    private boolean decide() {
        return A.underMutex(() -> {
            if (!gate.tryBeginContinue(A)) {
                return false;
            }
            gate.endContinue(A);
            return true;
        });
    }

    @Actor
    public void committer(III_Result r) {
        A.underMutex(() -> { // a decision runs under its stream's mutex (CommitGate contract)
            if (gate.tryBeginContinue(A)) {
                r.r1 = 1;
                boolean seen = bActive;
                for (int i = 0; i < WATCH_SPINS && !seen; i++) {
                    Thread.onSpinWait();
                    seen = bActive;
                }
                r.r2 = seen ? 1 : 0;
                try {
                    gate.endContinue(A);
                } catch (IllegalStateException e) {
                    r.r2 = 1; // the gate noticed it lost the bias during the continue: the same breach
                }
            }
            return null;
        });
    }

    @Actor
    public void activator() {
        gate.activate(B);
        bActive = true;
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = decide() ? 1 : 0;
    }
}
