package org.mpsharness.model.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Verdict;

/** The component specs accept legal histories and reject each kind of violation, on hand-made histories. */
class ComponentSpecsTest {
    private final List<Operation> h = new ArrayList<>();

    private ComponentSpecsTest op(int p, String f, Object in, Object out, long call, long ret) {
        h.add(Operation.completed(p, f, in, out, call, ret));
        return this;
    }

    private Verdict check(Spec<?> spec) {
        CheckResult r = new LinearizabilityChecker().check(spec, h);
        if (r.verdict() == Verdict.VIOLATION) {
            assertThat(r.window()).isPresent();
        }
        return r.verdict();
    }

    @Test
    void poolAcceptsAnyFreeSlotAndRejectsTwoOwners() {
        op(0, "acquire", null, 7L, 1, 4).op(1, "acquire", null, 3L, 2, 5)
                .op(0, "release", Map.of("slot", 7L), "RELEASED", 6, 7)
                .op(1, "acquire", null, 7L, 8, 9);
        assertThat(check(new StreamPoolHistorySpec())).as("p1 holds 3 and takes 7 too: legal").isEqualTo(Verdict.OK);
        h.clear();
        op(0, "acquire", null, 7L, 1, 4).op(1, "acquire", null, 3L, 2, 5)
                .op(0, "release", Map.of("slot", 7L), "RELEASED", 6, 7)
                .op(2, "acquire", null, 7L, 8, 9);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.OK);
        h.clear();
        op(0, "acquire", null, 5L, 1, 3).op(1, "acquire", null, 5L, 2, 4); // overlapping, same slot
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void poolRejectsASuccessfulForeignOrDoubleRelease() {
        op(0, "acquire", null, 5L, 1, 2).op(1, "release", Map.of("slot", 5L), "RELEASED", 3, 4);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.VIOLATION);
        h.clear();
        op(0, "acquire", null, 5L, 1, 2).op(1, "release", Map.of("slot", 5L), "NOT_OWNER", 3, 4)
                .op(0, "release", Map.of("slot", 5L), "RELEASED", 5, 6)
                .op(0, "release", Map.of("slot", 5L), "ALREADY_FREE", 7, 8);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.OK);
        h.clear();
        op(0, "acquire", null, 5L, 1, 2).op(0, "release", Map.of("slot", 5L), "RELEASED", 3, 4)
                .op(0, "release", Map.of("slot", 5L), "RELEASED", 5, 6);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void poolFallsBackToTheDefaultStreamOnlyWhenAllSlotsAreTaken() {
        op(0, "acquire", null, 0L, 1, 2);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.VIOLATION);
        h.clear();
        for (int s = 1; s <= 31; s++) {
            op(s, "acquire", null, (long) s, 2L * s, 2L * s + 1);
        }
        op(40, "acquire", null, 0L, 100, 101);
        assertThat(check(new StreamPoolHistorySpec())).isEqualTo(Verdict.OK);
    }

    @Test
    void allocatorRejectsABlockWithTwoOwnersOrAFreeOfAFreeBlock() {
        op(0, "malloc", Map.of("size", 512L), Map.of("id", 1L, "size", 512L), 1, 2)
                .op(1, "malloc", Map.of("size", 512L), Map.of("id", 1L, "size", 512L), 3, 4);
        assertThat(check(new AllocatorHistorySpec())).isEqualTo(Verdict.VIOLATION);
        h.clear();
        op(0, "malloc", Map.of("size", 512L), Map.of("id", 1L, "size", 512L), 1, 3)
                .op(1, "free", Map.of("id", 1L), null, 2, 4) // overlapping: may come after the malloc
                .op(1, "malloc", Map.of("size", 100L), Map.of("id", 1L, "size", 512L), 5, 6);
        assertThat(check(new AllocatorHistorySpec())).isEqualTo(Verdict.OK);
        h.clear();
        op(0, "free", Map.of("id", 9L), null, 1, 2);
        assertThat(check(new AllocatorHistorySpec())).isEqualTo(Verdict.VIOLATION);
        h.clear();
        op(0, "malloc", Map.of("size", 4096L), Map.of("id", 2L, "size", 512L), 1, 2);
        assertThat(check(new AllocatorHistorySpec())).as("a block smaller than asked").isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void oncePerSlotRejectsASecondValue() {
        op(0, "get", Map.of("slot", 3L), 11L, 1, 4).op(1, "get", Map.of("slot", 3L), 11L, 2, 5)
                .op(2, "get", Map.of("slot", 4L), 12L, 2, 5);
        assertThat(check(new OncePerSlotHistorySpec())).isEqualTo(Verdict.OK);
        op(3, "get", Map.of("slot", 3L), 13L, 6, 7);
        assertThat(check(new OncePerSlotHistorySpec())).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void commitGateRejectsContinueWhileAnotherStreamIsActive() {
        op(0, "activate", Map.of("stream", 1L), null, 1, 2).op(0, "commit", Map.of("stream", 1L), true, 3, 4)
                .op(1, "activate", Map.of("stream", 2L), null, 5, 6).op(0, "commit", Map.of("stream", 1L), false, 7, 8);
        assertThat(check(new CommitGateHistorySpec())).isEqualTo(Verdict.OK);
        op(0, "commit", Map.of("stream", 1L), true, 9, 10);
        assertThat(check(new CommitGateHistorySpec())).isEqualTo(Verdict.VIOLATION);
        h.clear();
        // the second stream's activation overlaps the continue: it may be ordered after it
        op(0, "activate", Map.of("stream", 1L), null, 1, 2).op(0, "commit", Map.of("stream", 1L), true, 3, 5)
                .op(1, "activate", Map.of("stream", 2L), null, 4, 6);
        assertThat(check(new CommitGateHistorySpec())).isEqualTo(Verdict.OK);
    }
}
