package org.mpsharness.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.lock.LockOrderViolation;
import org.mpsharness.core.lock.OrderedLock;
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

    /** A decision as MpsStream makes it: under the stream's mutex, the continue ended at once. */
    private static boolean decide(CommitGate gate, MpsStream s) {
        return s.underMutex(() -> {
            if (!gate.tryBeginContinue(s)) {
                return false;
            }
            gate.endContinue(s);
            return true;
        });
    }

    @Test
    void adaptiveGateAllowsContinueOnlyForTheSoleActiveStream() {
        SimDevice dev = new SimDevice();
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            assertThat(decide(gate, a)).as("inactive stream").isFalse();
            gate.activate(a);
            assertThat(decide(gate, a)).isTrue();
            assertThat(gate.describeGate()).isEqualTo("BIASED(1)");
            assertThat(decide(gate, a)).as("biased: again").isTrue();
            gate.activate(b);
            assertThat(gate.describeGate()).as("b's activation revoked a's bias").isEqualTo("NONE");
            assertThat(decide(gate, a)).as("two active streams").isFalse();
            assertThat(decide(gate, b)).isFalse();
            gate.deactivate(b);
            assertThat(decide(gate, a)).isTrue();
            gate.activate(a); // a second user of the same stream still leaves it the only active stream
            assertThat(decide(gate, a)).isTrue();
            gate.deactivate(a);
            gate.deactivate(a);
            assertThat(decide(gate, a)).as("biased but no user left").isFalse();
            assertThatThrownBy(() -> b.underMutex(() -> {
                gate.endContinue(b);
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("without a commit-and-continue");
            assertThatThrownBy(() -> gate.deactivate(a)).isInstanceOf(IllegalStateException.class);
            assertThat(gate.activeStreams()).isZero();
        }
    }

    @Test
    void biasedDecisionsWriteNothing() {
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            gate.activate(a);
            assertThat(decide(gate, a)).isTrue();
            long word = gate.word();
            for (int i = 0; i < 100; i++) {
                assertThat(decide(gate, a)).isTrue();
            }
            assertThat(gate.word()).as("the gate word (with its version) is unchanged").isEqualTo(word);
        }
    }

    @Test
    void sharedStreamUsersAndAnotherStreamNeverMeetInAContinue() {
        // The ABA of the counting design, step by step on the fixed gate: two users of a, one leaves while b comes.
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            MpsStream a = pool.getStream(0);
            MpsStream b = pool.getStream(2);
            gate.activate(a);
            gate.activate(a);
            gate.activate(b);
            gate.deactivate(a);
            assertThat(decide(gate, a)).as("b is active, whatever a's users did").isFalse();
            assertThat(gate.activeStreams()).isEqualTo(2);
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
            AtomicBoolean activated = new AtomicBoolean();
            Thread t = new Thread(() -> {
                gate.activate(b);
                activated.set(true);
            });
            boolean early = a.underMutex(() -> {
                assertThat(gate.tryBeginContinue(a)).isTrue();
                t.start();
                waitUntil(() -> gate.usersOf(2) > 0); // the activator counted itself and now waits
                pause();
                boolean e = activated.get();
                gate.endContinue(a);
                return e;
            });
            t.join(5_000);
            assertThat(early).as("second stream activated during commit-and-continue").isFalse();
            assertThat(activated.get()).isTrue();
            assertThat(gate.activeStreams()).isEqualTo(2);
        }
    }

    @Test
    void revocationWaitsForTheBiasedStreamsMutex() throws Exception {
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            MpsStream a = pool.getStream(1);
            MpsStream b = pool.getStream(2);
            gate.activate(a);
            assertThat(decide(gate, a)).isTrue();
            AtomicBoolean activated = new AtomicBoolean();
            Thread t = new Thread(() -> {
                gate.activate(b);
                activated.set(true);
            });
            int[] seen = new int[2];
            a.underMutex(() -> {
                assertThat(gate.tryBeginContinue(a)).as("fast path").isTrue();
                t.start();
                waitUntil(() -> gate.describeGate().equals("REVOKING(1)"));
                seen[0] = activated.get() ? 1 : 0;
                seen[1] = gate.activeStreams(); // b's activation is still in progress: not counted yet
                assertThat(gate.tryBeginContinue(a)).as("a may continue while the revoker waits").isTrue();
                gate.endContinue(a);
                return null;
            });
            t.join(5_000);
            assertThat(seen).containsExactly(0, 1);
            assertThat(activated.get()).isTrue();
            assertThat(gate.describeGate()).isEqualTo("NONE");
            assertThat(decide(gate, a)).isFalse();
            assertThat(gate.activeStreams()).isEqualTo(2);
        }
    }

    @Test
    void activationUnderAnAllocatorLockIsReportedEvenWhenItWouldNotWait() {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        OrderedLock shard = new OrderedLock("allocator.pool[PRIVATE_SMALL]", LockLevel.ALLOCATOR, 0);
        OrderedLock slots = new OrderedLock("slot_mutex_", LockLevel.POOL, 0);
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), new DisabledCommitGate(),
                PoolConfig.defaults())) {
            MpsStream s0 = pool.getStream(0);
            shard.lock();
            try {
                assertThatThrownBy(() -> gate.activate(s0)).isInstanceOf(LockOrderViolation.class)
                        .hasMessageContaining("commit gate").hasMessageContaining("allocator.pool[PRIVATE_SMALL]");
            } finally {
                shard.unlock();
            }
            assertThat(gate.activeStreams()).as("the refused activation counted nothing").isZero();
            slots.lock();
            try {
                gate.activate(s0); // below the gate's level: allowed
            } finally {
                slots.unlock();
            }
            gate.deactivate(s0);
            gate.activate(s0); // no lock held: allowed
            gate.deactivate(s0);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // give the activator time to finish if it (wrongly) could; not a measurement
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier c) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.onSpinWait();
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

    @Test
    void singleThreadOnTheDefaultStreamContinuesAndTheGateCountsItOnlyWhileItWorks() {
        AdaptiveCommitGate gate = new AdaptiveCommitGate();
        try (StreamPool pool = new ImprovedStreamPool(new SimDevice(), gate, PoolConfig.defaults())) {
            MpsStream s = pool.getDefaultStream();
            for (int i = 0; i < 5; i++) {
                s.executeGraph(0);
            }
            s.synchronize(SyncType.COMMIT_AND_CONTINUE); // allowed: the gate says the default stream is alone
            assertThat(s.commitCounts()[1]).isEqualTo(6);
            assertThat(gate.activeStreams()).as("active only during an operation").isZero();
            s.synchronize(SyncType.COMMIT_AND_WAIT);
        }
    }
}
