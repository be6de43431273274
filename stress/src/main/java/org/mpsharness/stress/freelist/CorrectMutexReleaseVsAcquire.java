package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (d), release racing acquire: every worker slot of a baseline {@code MutexFreelist} is owned by A; A releases
 * slot 1 while B tries to acquire. Whatever the interleaving, the owner table and the mask must agree afterwards: B
 * owns slot 1 and nothing is free, or B got nothing and slot 1 is free with no owner (PoolIntegrity,
 * BoundStreamsHaveOwner).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   0, -1, 1       994,433  Acceptable
 *   0, 1, 1      1,441,700  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"0, -1, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "A released; B got slot 1 or nothing; consistent")
@Outcome(id = "0, 1, 0", expect = FORBIDDEN, desc = "B got slot 1 but is not its owner (owner erased by A's release)")
@Outcome(expect = FORBIDDEN, desc = "release refused, exception (-9), or owner table / free count inconsistent")
@State
public class CorrectMutexReleaseVsAcquire {
    private final SlotFreelist fl = new MutexFreelist();

    public CorrectMutexReleaseVsAcquire() {
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            fl.tryAcquire(Fixtures.OWNER_A);
        }
    }

    @Actor
    public void owner(III_Result r) {
        try {
            r.r1 = fl.release(1, Fixtures.OWNER_A).ordinal(); // RELEASED = 0
        } catch (RuntimeException e) {
            r.r1 = Fixtures.EXCEPTION;
        }
    }

    @Actor
    public void acquirer(III_Result r) {
        try {
            r.r2 = fl.tryAcquire(Fixtures.OWNER_B);
        } catch (RuntimeException e) {
            r.r2 = Fixtures.EXCEPTION;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = r.r2 == 1 ? fl.ownerOf(1) == Fixtures.OWNER_B && fl.freeCount() == 0
                : fl.ownerOf(1) == null && fl.freeCount() == 1;
        r.r3 = ok ? 1 : 0;
    }
}
