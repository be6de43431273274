package org.mpsharness.stress.gate.wide;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.stress.gate.SharedStreamRace;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (j), three users, on the fixed {@code AdaptiveCommitGate}: the race of {@code gate.*SharedStream} (user 1 decides on stream 0,
 * user 2 moves between stream 0 and stream 2) plus user 3, who keeps coming and going on stream 0 — the shape of the
 * issue's report (two users of stream 0 and a third stream).
 *
 * <p>Three actors: jcstress needs a CPU per actor and skips the test on fewer, so tests in this package run only where
 * the CI plan finds 4 CPUs or more ({@code runner.Plans}); on the 2-core build machine they are listed as not run.
 *
 * <p>Justifies: as {@code gate.CorrectAdaptiveGateSharedStream}, with a third party changing stream 0's users.
 */
@JCStressTest
@Outcome(id = {"0, 0", "0, 1"}, expect = ACCEPTABLE, desc = "no continue saw stream 2 active")
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = "a commit-and-continue on stream 0 while stream 2 was active")
@State
public class CorrectAdaptiveGateThreeUsers {
    private final SharedStreamRace race = new SharedStreamRace(new AdaptiveCommitGate(), Fixtures.stream(0),
            Fixtures.stream(2));

    public CorrectAdaptiveGateThreeUsers() {
        race.addUser();
    }

    @Actor
    public void user1(II_Result r) {
        race.decide(r);
    }

    @Actor
    public void user2() {
        race.move();
    }

    @Actor
    public void user3() {
        race.visit();
    }
}
