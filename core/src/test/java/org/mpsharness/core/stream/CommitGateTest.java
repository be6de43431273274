package org.mpsharness.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;

class CommitGateTest {

    @Test
    void environmentVariableSelectsTheModeAndRejectsAnythingElse() {
        assertThat(CommitGates.fromEnvironment(null, "auto")).isInstanceOf(AdaptiveCommitGate.class);
        assertThat(CommitGates.fromEnvironment("on", "auto")).isInstanceOf(ForcedCommitGate.class);
        assertThat(CommitGates.fromEnvironment(" OFF ", "auto")).isInstanceOf(DisabledCommitGate.class);
        assertThatThrownBy(() -> CommitGates.fromEnvironment("yes", "auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PYTORCH_MPS_COMMIT_AND_CONTINUE must be on, off or auto (got 'yes')");
        assertThatThrownBy(() -> CommitGates.fromEnvironment("", "off")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adaptiveGateAllowsContinueOnlyForTheSoleActiveStream() {
        SimDevice dev = new SimDevice();
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            assertThat(gate.tryBeginContinue(a)).as("inactive stream").isFalse();
            gate.activate(a);
            assertThat(gate.tryBeginContinue(a)).isTrue();
            assertThat(gate.tryBeginContinue(a)).as("one at a time").isFalse();
            gate.endContinue(a);
            gate.activate(b);
            assertThat(gate.tryBeginContinue(a)).as("two active streams").isFalse();
            assertThat(gate.tryBeginContinue(b)).isFalse();
            gate.deactivate(b);
            assertThat(gate.tryBeginContinue(a)).isTrue();
            gate.endContinue(a);
            gate.activate(a); // a second user of the same stream still leaves it the only active stream
            assertThat(gate.tryBeginContinue(a)).isTrue();
            gate.endContinue(a);
            assertThatThrownBy(() -> gate.endContinue(a)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void activationWaitsUntilTheRunningCommitAndContinueEnds() throws Exception {
        SimDevice dev = new SimDevice();
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            gate.activate(a);
            assertThat(gate.tryBeginContinue(a)).isTrue();
            AtomicBoolean activated = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                started.countDown();
                gate.activate(b);
                activated.set(true);
            });
            t.start();
            started.await();
            Thread.sleep(100);
            assertThat(activated.get()).as("second stream activated during commit-and-continue").isFalse();
            gate.endContinue(a);
            t.join(5_000);
            assertThat(activated.get()).isTrue();
            assertThat(gate.activeStreams()).isEqualTo(2);
        }
    }

    @Test
    void singleWorkerUsesCommitAndContinueAndSeveralDoNot() throws Exception {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = new ImprovedStreamPool(dev, new AdaptiveCommitGate(), PoolConfig.defaults())) {
            try (SlotLease lease = pool.lease()) {
                for (int i = 0; i < 10; i++) {
                    lease.stream().executeGraph(0);
                }
                lease.stream().synchronize(SyncType.COMMIT_AND_WAIT);
                long[] c = lease.stream().commitCounts();
                assertThat(c[1]).as("commit-and-continues alone").isEqualTo(10);
            }
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try (SlotLease l = pool.lease()) {
                    held.countDown();
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            held.await();
            try (SlotLease lease = pool.lease()) {
                long[] before = lease.stream().commitCounts();
                for (int i = 0; i < 10; i++) {
                    lease.stream().executeGraph(0);
                }
                long[] after = lease.stream().commitCounts();
                assertThat(after[1] - before[1]).as("no commit-and-continue with two active streams").isZero();
                assertThat(after[0] - before[0]).isEqualTo(10);
            } finally {
                done.countDown();
                other.join();
            }
        }
    }

    @Test
    void disabledGateNeverContinuesAndExplicitContinueIsRefused() {
        SimDevice dev = new SimDevice();
        try (StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults())) {
            MpsStream s = pool.getDefaultStream();
            s.executeGraph(0);
            assertThat(s.commitCounts()).containsExactly(1, 0);
            s.executeGraph(0);
            assertThatThrownBy(() -> s.synchronize(SyncType.COMMIT_AND_CONTINUE))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not allow");
            s.synchronize(SyncType.COMMIT_AND_WAIT);
        }
    }
}
