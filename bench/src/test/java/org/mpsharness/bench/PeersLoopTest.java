package org.mpsharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared timing loop: each thread opens and closes its own slots on its own thread and replaces slot {@code i % 8}
 * in turn; a subject that fails to open or to allocate ends the run with that failure, never a hang.
 */
class PeersLoopTest {

    @Test
    @Timeout(60)
    void everyThreadOpensReplacesInTurnAndCloses() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        ConcurrentHashMap<Thread, Boolean> owners = new ConcurrentHashMap<>();
        List<Double> windows = PeersLoop.run(thread -> {
            Thread me = Thread.currentThread();
            owners.put(me, true);
            open.incrementAndGet();
            return new PeersLoop.Slots() {
                int expected;

                @Override
                public void replace(int slot, long bytes) {
                    if (Thread.currentThread() != me || slot != expected || bytes < 512 || bytes > 32L << 20
                            || Long.bitCount(bytes) != 1) {
                        throw new IllegalStateException("slot " + slot + " of " + bytes + " bytes");
                    }
                    expected = (expected + 1) % PeersLoop.LIVE;
                }

                @Override
                public void close() {
                    if (Thread.currentThread() != me) {
                        throw new IllegalStateException("closed on another thread");
                    }
                    closed.incrementAndGet();
                }
            };
        }, 2, 1, 2);
        assertThat(windows).hasSize(2).allSatisfy(w -> assertThat(w).isPositive());
        assertThat(open.get()).isEqualTo(2);
        assertThat(closed.get()).isEqualTo(2);
        assertThat(owners).hasSize(2);
    }

    @Test
    @Timeout(60)
    void aFailureEndsTheRunWithIt() {
        assertThatThrownBy(() -> PeersLoop.run(thread -> {
            if (thread == 1) {
                throw new IllegalStateException("no device for thread 1");
            }
            return new NoSlots();
        }, 3, 1, 2)).hasMessageContaining("no device for thread 1");
        assertThatThrownBy(() -> PeersLoop.run(thread -> new NoSlots() {
            @Override
            public void replace(int slot, long bytes) {
                throw new IllegalStateException("out of memory");
            }
        }, 2, 1, 2)).hasMessageContaining("out of memory");
    }

    private static class NoSlots implements PeersLoop.Slots {
        @Override
        public void replace(int slot, long bytes) {
        }

        @Override
        public void close() {
        }
    }
}
