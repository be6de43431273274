package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mpsharness.model.lin.Ops.cas;
import static org.mpsharness.model.lin.Ops.op;
import static org.mpsharness.model.lin.Ops.read;
import static org.mpsharness.model.lin.Ops.unknown;
import static org.mpsharness.model.lin.Ops.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.spec.RegisterSpec;

/**
 * Hand-made histories, each of which a specific mistake in a checker gets wrong. Most come in pairs: a violation and a
 * near-identical history that is linearizable, so that neither a too-lenient nor a too-strict checker passes both.
 */
class CheckerScenariosTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final RegisterSpec register = new RegisterSpec();

    @Test
    void staleReadAfterACompletedWriteIsAViolation() {
        List<Operation> stale = List.of(write(0, 1L, 1, 2), read(1, null, 3, 4));
        List<Operation> overlapping = List.of(write(0, 1L, 1, 3), read(1, null, 2, 4));

        assertThat(checker.check(register, stale).verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(checker.check(register, overlapping).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void lostWriteIsAViolation() {
        List<Operation> lost = List.of(write(0, 1L, 1, 2), write(1, 2L, 3, 4), read(0, 1L, 5, 6));
        List<Operation> secondWriteStillRunning = List.of(write(0, 1L, 1, 2), write(1, 2L, 3, 7), read(0, 1L, 5, 6));

        assertThat(checker.check(register, lost).verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(checker.check(register, secondWriteStillRunning).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void concurrentOperationsLinearizableInExactlyOneOrder() {
        Operation w = write(0, 1L, 1, 10);
        Operation readsOne = read(1, 1L, 2, 5);
        Operation readsEmpty = read(2, null, 3, 8);

        CheckResult result = checker.check(register, List.of(w, readsOne, readsEmpty));

        assertThat(result.verdict()).isEqualTo(Verdict.OK);
        assertThat(result.linearization()).containsExactly(List.of(readsEmpty, w, readsOne));
        // the same reads, but the empty one starts after the other returned: no order works
        Operation readsEmptyLater = read(2, null, 6, 8);
        assertThat(checker.check(register, List.of(w, readsOne, readsEmptyLater)).verdict())
                .isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void failedCasConstrainsTheState() {
        // cas 1->2 answered false although the register certainly held 1
        List<Operation> history = List.of(write(0, 1L, 1, 2), cas(1, 1L, 2L, false, 3, 4));
        List<Operation> concurrentWrite = List.of(write(0, 1L, 1, 2), write(2, 3L, 3, 5), cas(1, 1L, 2L, false, 4, 6));

        assertThat(checker.check(register, history).verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(checker.check(register, concurrentWrite).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void unknownOutcomeWriteMayTakeEffectLongAfterItsCall() {
        // process 0's write timed out; process 1 first sees nothing, later sees the write
        List<Operation> history = List.of(unknown(0, "write", 1L, 1), read(1, null, 2, 3), read(1, 1L, 4, 5));

        CheckResult result = checker.check(register, history);

        assertThat(result.verdict()).as(result.describe()).isEqualTo(Verdict.OK);
        assertThat(result.linearization().get(0)).containsExactly(history.get(1), history.get(0), history.get(2));
        // once it has taken effect it cannot be undone
        List<Operation> flickers = new ArrayList<>(history);
        flickers.add(read(1, null, 6, 7));
        assertThat(checker.check(register, flickers).verdict()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void unknownOutcomeOperationMayNeverTakeEffect() {
        // process 0's lock timed out. Had it taken effect at any point, one of process 1's locks would have failed;
        // so the only explanation is that it never did, which a checker must allow
        TestSpecs.Mutex mutex = new TestSpecs.Mutex();
        List<Operation> history = List.of(unknown(0, "lock", null, 1), op(1, "lock", null, null, 2, 3),
                op(1, "unlock", null, null, 4, 5), op(1, "lock", null, null, 6, 7));

        CheckResult result = checker.check(mutex, history);

        assertThat(result.verdict()).as(result.describe()).isEqualTo(Verdict.OK);
        assertThat(result.linearization().get(0)).doesNotContain(history.get(0));
        // had process 0's lock completed, the history would be a violation
        List<Operation> completed = new ArrayList<>(history);
        completed.set(0, op(0, "lock", null, null, 1, 8));
        assertThat(checker.check(mutex, completed).verdict()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void nondeterministicOutputAcceptsAnyFreeSlotButNotATakenOne() {
        TestSpecs.SlotPool pool = new TestSpecs.SlotPool(2);
        Operation first = op(0, "acquire", null, 1L, 1, 2);
        List<Operation> fine = List.of(first, op(1, "acquire", null, 0L, 3, 4));
        List<Operation> doubleBooked = List.of(first, op(1, "acquire", null, 1L, 3, 4));
        // process 1 releases slot 1, which only the acquire of unknown outcome can have taken: so it took effect,
        // and took slot 1 rather than slot 0 (the step offered both)
        List<Operation> unknownTookSlotOne = List.of(unknown(2, "acquire", null, 0),
                op(0, "acquire", null, 0L, 1, 2), op(1, "release", 1L, null, 3, 4));
        List<Operation> releasedTwice = new ArrayList<>(unknownTookSlotOne);
        releasedTwice.add(op(1, "release", 1L, null, 5, 6));

        assertThat(checker.check(pool, fine).verdict()).isEqualTo(Verdict.OK);
        assertThat(checker.check(pool, doubleBooked).verdict()).isEqualTo(Verdict.VIOLATION);
        CheckResult took = checker.check(pool, unknownTookSlotOne);
        assertThat(took.verdict()).isEqualTo(Verdict.OK);
        assertThat(took.linearization().get(0)).contains(unknownTookSlotOne.get(0));
        assertThat(checker.check(pool, releasedTwice).verdict()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void nondeterministicStateIsExploredBeyondTheFirstAlternative() {
        TestSpecs.LossyRegister lossy = new TestSpecs.LossyRegister();
        // the write was lost (second alternative) and then a second write stuck
        List<Operation> lostThenStuck = List.of(op(0, "write", 1L, null, 1, 2), op(1, "read", null, 0L, 3, 4),
                op(0, "write", 2L, null, 5, 6), op(1, "read", null, 2L, 7, 8));
        // a value, once observed lost, cannot reappear
        List<Operation> reappears = List.of(op(0, "write", 1L, null, 1, 2), op(1, "read", null, 0L, 3, 4),
                op(1, "read", null, 1L, 5, 6));

        assertThat(checker.check(lossy, lostThenStuck).verdict()).isEqualTo(Verdict.OK);
        assertThat(checker.check(lossy, reappears).verdict()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void eachPartitionStartsFromItsOwnInitialState() {
        // slots whose reads must return the slot number until written: slot k starts at k
        Spec<Long> slots = new Spec<>() {
            @Override
            public String name() {
                return "numbered-slots";
            }

            @Override
            public Long init() {
                throw new AssertionError("the checker must ask for the part's initial state");
            }

            @Override
            public Long init(List<Operation> part) {
                return ((Number) part.get(0).arg("slot")).longValue();
            }

            @Override
            public List<Long> step(Long value, Operation op) {
                return op.f().equals("read") ? (op.outputMatches(value) ? List.of(value) : List.of())
                        : List.of(((Number) op.arg("value")).longValue());
            }

            @Override
            public List<List<Operation>> partition(List<Operation> history) {
                return Partitions.byKey(history, op -> op.arg("slot"));
            }
        };
        Operation readsThree = op(0, "read", java.util.Map.of("slot", 3L), 3L, 1, 2);
        Operation readsFive = op(1, "read", java.util.Map.of("slot", 5L), 5L, 3, 4);
        Operation readsZero = op(1, "read", java.util.Map.of("slot", 5L), 0L, 5, 6);

        assertThat(checker.check(slots, List.of(readsThree, readsFive)).verdict()).isEqualTo(Verdict.OK);
        CheckResult bad = checker.check(slots, List.of(readsThree, readsFive, readsZero));
        assertThat(bad.verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(bad.window().orElseThrow().startStates()).containsExactly(5L);
    }

    @Test
    void timeOutGivesUnknownNeverAPass() {
        List<Operation> history = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            history.add(write(i % 3, (long) i, 2L * i, 2L * i + 1));
        }

        CheckResult immediate = checker.withTimeLimit(Duration.ZERO).check(register, history);
        CheckResult slow = checker.withTimeLimit(Duration.ofMillis(20))
                .check(new TestSpecs.Sluggish<>(register, 2), history);

        for (CheckResult r : List.of(immediate, slow)) {
            assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(r.isLinearizable()).isFalse();
            assertThat(r.decidedPartitions()).isZero();
            assertThat(r.summary()).contains("time limit");
        }
        assertThat(immediate.timeLimit()).isEqualTo(Duration.ZERO);
        assertThat(slow.timeLimit()).isEqualTo(Duration.ofMillis(20));
        assertThat(slow.summary()).contains("0.020 s");
        // given time, the same history is decided
        assertThat(checker.check(register, history).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void emptyHistoryIsLinearizableEvenWithNoTime() {
        assertThat(checker.withTimeLimit(Duration.ZERO).check(register, List.of()).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void operationsTheSpecRejectsAreBadInputNotAVerdict() {
        List<Operation> history = List.of(op(0, "increment", null, null, 1, 2));

        assertThatThrownBy(() -> checker.check(register, history)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operation at 1").hasMessageContaining("no operation 'increment'");
    }
}
