package org.mpsharness.stress.gate;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.model.mutants.CountingCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (j), two users of one stream: stream 0 has two users on the seeded {@code CountingCommitGate} (the pre-fix
 * design: a count compared, then CASed); user 1 keeps deciding on stream 0 and watches inside each continue whether
 * stream 2 is active; user 2 keeps moving from stream 0 to stream 2 and back ({@link SharedStreamRace}). The gate's
 * safety property: no commit-and-continue while another stream is active, also when a second user of the continuing
 * stream leaves as the other stream comes (the counting gate's ABA: the count is back where the decision read it). Two
 * actors, so that the 2-core CI machine runs it; the three-user form is {@code wide.*ThreeUsers}.
 *
 * <p>Control: the ABA. Expected outcome "1, 1".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-30; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs,
 * load average about 12), caught; outcome table, all configurations:
 * <pre>
 *   RESULT      SAMPLES  EXPECT
 *   0, 0          114  Acceptable
 *   0, 1       47,074  Acceptable
 *   1, 1          820  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "no continue saw stream 2 active")
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = "a commit-and-continue on stream 0 while stream 2 was active")
@State
public class BrokenCountingGateSharedStream {
    private final SharedStreamRace race = new SharedStreamRace(new CountingCommitGate(), Fixtures.stream(0),
            Fixtures.stream(2));

    @Actor
    public void user1(II_Result r) {
        race.decide(r);
    }

    @Actor
    public void user2() {
        race.move();
    }
}
