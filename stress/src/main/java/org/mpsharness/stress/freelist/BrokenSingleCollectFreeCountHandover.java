package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.model.mutants.SingleCollectHomeSlotFreelist;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Control of {@link CorrectHomeSlotFreeCountHandover}: the seeded {@code SingleCollectHomeSlotFreelist} counts free
 * slots in one scan, so B can read slot 1 free before A takes it and slot 31 free after A gives it back, and count 2
 * free slots where there were never more than one. Same outcomes as the correct test: the control is caught when
 * the forbidden "1, 2" shows (the stress module's build fails when it does not).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix): caught,
 * "1, 2" 120 times in 232,225 samples.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "A took slot 1; B counted 0 or 1 free")
@Outcome(id = "1, 2", expect = FORBIDDEN, desc = "the bug: a free count that was never true")
@Outcome(expect = FORBIDDEN, desc = "A did not get slot 1, or an exception (-9)")
@State
public class BrokenSingleCollectFreeCountHandover {
    private final SlotFreelist fl = HandoverSetup.prepare(new SingleCollectHomeSlotFreelist());

    @Actor
    public void mover(II_Result r) {
        r.r1 = HandoverSetup.handOver(fl);
    }

    @Actor
    public void counter(II_Result r) {
        r.r2 = HandoverSetup.count(fl);
    }
}
