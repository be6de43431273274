package org.mpsharness.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;
import org.mpsharness.core.workload.OpLog;
import org.mpsharness.core.workload.RecordingCommitGate;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryVerdicts;
import org.mpsharness.model.history.RecordedHistories;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.LinearizabilityChecker;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Verdict;

/**
 * The commit-gate history spec with a continue in progress (beginContinue … endContinue): it accepts correct
 * histories, hand-made and recorded under traffic through {@link RecordingCommitGate}, and refuses a history in
 * which another stream became active while a continue was in progress.
 */
class CommitGateHistorySpecTest {
    private final List<Operation> h = new ArrayList<>();

    private CommitGateHistorySpecTest op(int p, String f, long stream, Object out, long call, long ret) {
        h.add(Operation.completed(p, f, Map.of("stream", stream), out, call, ret));
        return this;
    }

    private Verdict check() {
        CheckResult r = new LinearizabilityChecker().check(new CommitGateHistorySpec(), h);
        if (r.verdict() == Verdict.VIOLATION) {
            assertThat(r.window()).isPresent();
        }
        return r.verdict();
    }

    @Test
    void acceptsAContinueOfTheSoleActiveStreamAndPlainCommitsBesideOthers() {
        op(0, "activate", 1, null, 1, 2).op(0, "beginContinue", 1, true, 3, 4).op(0, "endContinue", 1, null, 5, 6)
                .op(1, "activate", 2, null, 7, 8).op(0, "beginContinue", 1, false, 9, 10)
                .op(1, "deactivate", 2, null, 11, 12).op(0, "beginContinue", 1, true, 13, 14)
                .op(0, "endContinue", 1, null, 15, 16);
        assertThat(check()).isEqualTo(Verdict.OK);
    }

    @Test
    void refusesAnActivationThatFinishedWhileAContinueWasInProgress() {
        op(0, "activate", 1, null, 1, 2).op(0, "beginContinue", 1, true, 3, 4)
                .op(1, "activate", 2, null, 5, 6) // finished inside the continue
                .op(0, "endContinue", 1, null, 7, 8);
        assertThat(check()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void acceptsAnActivationThatOverlapsTheEndOfTheContinue() {
        op(0, "activate", 1, null, 1, 2).op(0, "beginContinue", 1, true, 3, 4)
                .op(1, "activate", 2, null, 5, 9) // may take effect after the end: it waited
                .op(0, "endContinue", 1, null, 7, 8);
        assertThat(check()).isEqualTo(Verdict.OK);
    }

    @Test
    void refusesAContinueBesideAnotherActiveStream() {
        op(0, "activate", 1, null, 1, 2).op(1, "activate", 2, null, 3, 4).op(0, "beginContinue", 1, true, 5, 6)
                .op(0, "endContinue", 1, null, 7, 8);
        assertThat(check()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void refusesTheCountingGatesAbaAndAcceptsUsersOfTheSameStreamDuringAContinue() {
        // two users of stream 0; the decision overlaps stream 2's activation and user 1 leaving stream 0
        op(0, "activate", 0, null, 1, 2).op(1, "activate", 0, null, 3, 4)
                .op(0, "beginContinue", 0, true, 10, 20).op(2, "activate", 2, null, 11, 12)
                .op(1, "deactivate", 0, null, 13, 14).op(0, "endContinue", 0, null, 30, 31);
        assertThat(check()).isEqualTo(Verdict.VIOLATION);
        h.clear();
        op(0, "activate", 0, null, 1, 2).op(0, "beginContinue", 0, true, 3, 4)
                .op(1, "activate", 0, null, 5, 6).op(1, "deactivate", 0, null, 7, 8)
                .op(0, "endContinue", 0, null, 9, 10);
        assertThat(check()).as("a second user of the continuing stream is no other stream").isEqualTo(Verdict.OK);
    }

    @Test
    void refusesAnEndWithoutABeginAndRejectsUnknownOperations() {
        op(0, "activate", 1, null, 1, 2).op(0, "endContinue", 1, null, 3, 4);
        assertThat(check()).isEqualTo(Verdict.VIOLATION);
        assertThatThrownBy(() -> new CommitGateHistorySpec().validate(
                Operation.completed(0, "continue", Map.of("stream", 1L), null, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beginContinue");
    }

    /**
     * The adaptive gate wrapped in a recording gate under real traffic: threads lease worker streams (activation),
     * run graph steps (MpsStream's commit decides), work on the default stream (activated per operation) and leave;
     * alone, a thread continues. The recorded gate history is accepted.
     */
    @Test
    void recordedHistoriesOfTheAdaptiveGateUnderTrafficAreAccepted() throws InterruptedException {
        for (int threads : new int[] {1, 3}) {
            OpLog log = new OpLog();
            CommitGate gate = new RecordingCommitGate(new AdaptiveCommitGate(), log);
            try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), gate, PoolConfig.defaults())) {
                Thread[] ts = new Thread[threads];
                for (int t = 0; t < threads; t++) {
                    ts[t] = new Thread(() -> {
                        for (int round = 0; round < 5; round++) {
                            try (SlotLease lease = pool.lease()) {
                                for (int i = 0; i < 20; i++) {
                                    lease.stream().executeGraph(0);
                                }
                                lease.stream().synchronize(SyncType.COMMIT_AND_WAIT);
                            }
                            MpsStream s0 = pool.getDefaultStream();
                            s0.executeGraph(0); // the default stream: activated for this operation only
                            s0.synchronize(SyncType.COMMIT_AND_WAIT);
                        }
                    });
                    ts[t].start();
                }
                for (Thread t : ts) {
                    t.join();
                }
            }
            Map<String, History> hs = RecordedHistories.from(log, "adaptive x" + threads);
            assertThat(hs).containsKey(RecordedHistories.GATE);
            List<Operation> gateOps = hs.get(RecordedHistories.GATE).operations();
            if (threads == 1) {
                assertThat(gateOps).as("a single thread continues")
                        .anyMatch(o -> o.f().equals("beginContinue") && Boolean.TRUE.equals(o.output()));
            }
            CheckResult r = HistoryVerdicts.check(Map.of(RecordedHistories.GATE, hs.get(RecordedHistories.GATE)),
                    Duration.ofSeconds(60)).get(RecordedHistories.GATE);
            assertThat(r.verdict()).as(r.describe()).isEqualTo(Verdict.OK);
        }
    }

    /** The forced gate recorded: a continue beside another active stream is refused. */
    @Test
    void recordedHistoryOfTheForcedGateIsRefused() {
        OpLog log = new OpLog();
        assertThat(decideRecorded(new ForcedCommitGate(), log)).isTrue();
        CheckResult r = gateVerdict(log, "forced");
        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATION);
        OpLog log2 = new OpLog();
        assertThat(decideRecorded(new AdaptiveCommitGate(), log2)).isFalse();
        assertThat(gateVerdict(log2, "adaptive").verdict()).isEqualTo(Verdict.OK);
    }

    /** The verdict on the commit-gate history alone (the stream-pool history of these runs is empty: undecidable). */
    private static CheckResult gateVerdict(OpLog log, String name) {
        Map<String, History> hs = RecordedHistories.from(log, name);
        assertThat(hs).containsKey(RecordedHistories.GATE);
        return HistoryVerdicts.check(Map.of(RecordedHistories.GATE, hs.get(RecordedHistories.GATE)),
                Duration.ofSeconds(10)).get(RecordedHistories.GATE);
    }

    /** Two streams active, a decision on the first under its mutex: whether the gate allowed a continue. */
    private static boolean decideRecorded(CommitGate inner, OpLog log) {
        CommitGate gate = new RecordingCommitGate(inner, log);
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            gate.activate(a);
            gate.activate(b);
            return a.underMutex(() -> {
                boolean ok = gate.tryBeginContinue(a);
                if (ok) {
                    gate.endContinue(a);
                }
                return ok;
            });
        }
    }
}
